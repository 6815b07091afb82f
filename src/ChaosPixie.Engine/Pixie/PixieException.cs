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

    /// <summary>What the error is about when it is not the call itself, e.g. the path of a certificate file.</summary>
    public object? Target { get; init; }

    /// <summary>
    /// This error with every secret masked in its message and compiler errors: server text (a status message, a
    /// trailer) may echo the API key. When anything was masked, the inner exception, which holds the raw server
    /// text, is left out.
    /// </summary>
    internal PixieException Redact(Experiments.Journal.Redactor redactor)
    {
        var message = redactor.Redact(Message);
        var compilerErrors = CompilerErrors.Select(e => e with { Message = redactor.Redact(e.Message) }).ToArray();
        var inner = InnerException;
        for (var current = inner; current is not null; current = current.InnerException)
        {
            if (!ReferenceEquals(redactor.Redact(current.Message), current.Message))
            {
                inner = null;
                break;
            }
        }

        if (ReferenceEquals(message, Message) && ReferenceEquals(inner, InnerException) &&
            compilerErrors.Zip(CompilerErrors).All(pair => ReferenceEquals(pair.First.Message, pair.Second.Message)))
        {
            return this;
        }

        return new PixieException(Kind, message, compilerErrors, inner)
        {
            StatusCode = StatusCode,
            RecommendedAction = RecommendedAction is null ? null : redactor.Redact(RecommendedAction),
            Target = Target,
        };
    }
}
