namespace ChaosPixie.Engine.Reporting;

/// <summary>Why a journal could not be read into a report.</summary>
public enum ReportErrorKind
{
    /// <summary>The file is not valid JSON.</summary>
    InvalidJson,

    /// <summary>The JSON is not a Chaos Toolkit journal (an experiment file, for instance).</summary>
    NotAJournal,
}

/// <summary>A journal that cannot be reported on; the message says what to give instead.</summary>
public sealed class ReportException : Exception
{
    public ReportException(ReportErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public ReportErrorKind Kind { get; }
}
