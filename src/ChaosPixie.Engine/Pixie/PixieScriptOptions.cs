namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// How to run a script: which tables to return (null: all of them) and the deadline of the whole call (null: none).
/// </summary>
public sealed record PixieScriptOptions(IReadOnlyCollection<string>? TableNames = null, TimeSpan? Timeout = null)
{
    /// <summary>
    /// The deadline of a script when the caller sets none, so that a server that stalls never hangs a scheduled check:
    /// above the query broker's own 180 s watchdogs, so that those report first, with their reason.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);
}
