namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>What validation needs to know about where the experiment will run.</summary>
public sealed class ExperimentValidationOptions
{
    /// <summary>The directory relative process paths are resolved against (the run's working directory).</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

}
