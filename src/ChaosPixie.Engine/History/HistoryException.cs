namespace ChaosPixie.Engine.History;

/// <summary>
/// The history store cannot be used. <see cref="Exception.Message"/> names the store by its
/// <see cref="HistoryLocation.Display"/> text, never by a connection string that may hold a password.
/// </summary>
public sealed class HistoryException : Exception
{
    public HistoryException(HistoryErrorKind kind, string message, string? target = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Target = target;
    }

    public HistoryErrorKind Kind { get; }

    /// <summary>The store's display text (a file, or postgresql://user@host:port/database), when known.</summary>
    public string? Target { get; }
}
