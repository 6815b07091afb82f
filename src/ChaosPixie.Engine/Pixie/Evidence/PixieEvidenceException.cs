namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>An evidence file that cannot be written or trusted; <see cref="Line"/> names the first bad line when reading.</summary>
public sealed class PixieEvidenceException : Exception
{
    public PixieEvidenceException(EvidenceErrorKind kind, string message, long? line = null)
        : base(message)
    {
        Kind = kind;
        Line = line;
    }

    public EvidenceErrorKind Kind { get; }

    /// <summary>The 1-based line the problem is on; null for a problem of writing.</summary>
    public long? Line { get; }

    public string? RecommendedAction { get; init; }
}
