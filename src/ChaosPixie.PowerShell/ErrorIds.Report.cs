namespace ChaosPixie.PowerShell;

/// <summary>The error ids of Export-ChaosReport.</summary>
internal static partial class ErrorIds
{
    /// <summary>A journal path that matches no file.</summary>
    public const string ReportJournalNotFound = nameof(ReportJournalNotFound);

    /// <summary>A journal path on a provider other than the FileSystem.</summary>
    public const string ReportJournalPathNotFileSystem = nameof(ReportJournalPathNotFileSystem);

    /// <summary>A journal file that exists but cannot be read (a directory, no permission).</summary>
    public const string ReportJournalUnreadable = nameof(ReportJournalUnreadable);

    /// <summary>A journal file that is not valid JSON.</summary>
    public const string ReportJournalInvalidJson = nameof(ReportJournalInvalidJson);

    /// <summary>Valid JSON that is not a Chaos Toolkit journal (an experiment, for instance).</summary>
    public const string ReportNotAJournal = nameof(ReportNotAJournal);

    /// <summary>The report file cannot be written.</summary>
    public const string ReportOutputFailed = nameof(ReportOutputFailed);
}
