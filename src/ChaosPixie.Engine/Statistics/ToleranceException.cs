namespace ChaosPixie.Engine.Statistics;

/// <summary>A tolerance that cannot be evaluated, with a message that says what to fix.</summary>
public sealed class ToleranceException : Exception
{
    public ToleranceException(ToleranceErrorKind kind, string message, object? subject)
        : base(message)
    {
        Kind = kind;
        Subject = subject;
    }

    public ToleranceErrorKind Kind { get; }

    /// <summary>What the error is about: the offending row, or the parameter value that is wrong.</summary>
    public object? Subject { get; }
}
