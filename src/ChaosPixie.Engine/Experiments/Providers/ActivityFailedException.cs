namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// Upstream's <c>chaoslib.exceptions.ActivityFailed</c>: the one failure that makes a run record <c>failed</c>
/// (a timeout, a connection error, a failing PowerShell command). Any other exception aborts the method.
/// </summary>
public sealed class ActivityFailedException : Exception
{
    public ActivityFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The journal's <c>exception</c> lines when the failure has its own (a Python traceback); null builds them from the message.</summary>
    public IReadOnlyList<string>? Traceback { get; init; }
}
