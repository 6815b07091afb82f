namespace ChaosPixie.Engine.Pixie;

/// <summary>Every failure of the Pixie client, with a kind the caller can act on and a message that says what to do.</summary>
public sealed class PixieException : Exception
{
    public PixieException(PixieErrorKind kind, string message, Exception? innerException = null)
        : this(kind, message, [], innerException)
    {
    }

    public PixieException(PixieErrorKind kind, string message, IReadOnlyList<PixieCompilerError> compilerErrors, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        CompilerErrors = compilerErrors;
    }

    public PixieErrorKind Kind { get; }

    public IReadOnlyList<PixieCompilerError> CompilerErrors { get; }

    /// <summary>The gRPC status code name when the error came from the server (e.g. "Internal"); null otherwise.</summary>
    public string? StatusCode { get; init; }

    /// <summary>What the user can do about it, when there is something better than the message.</summary>
    public string? RecommendedAction { get; init; }
}
