namespace ChaosPixie.Engine.Experiments.Running;

public enum ExperimentLogLevel
{
    Verbose,
    Information,
    Warning,
    Error,
}

/// <summary>Where the run stands: the phase, the activity about to run, and how many of the planned activities have run.</summary>
public sealed record ExperimentProgress(string Phase, string? Activity, int Completed, int Total);

/// <summary>
/// How the runner reports what it does. Called from the runner's threads (background activities and the continuous
/// hypothesis too), so an implementation must be thread-safe; the cmdlet queues the calls and drains them on the
/// pipeline thread. Secrets are already masked in every message.
/// </summary>
public interface IExperimentObserver
{
    void Log(ExperimentLogLevel level, string message);

    void Progress(ExperimentProgress progress);
}
