namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>What validation needs to know about where the experiment will run.</summary>
public sealed class ExperimentValidationOptions
{
    /// <summary>The directory relative process paths are resolved against (the run's working directory).</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>
    /// True once the chaospixie python provider (the Pixie client and the statistics behind
    /// `chaospixie.probes` and `chaospixie.tolerances`) can run; until then such activities are refused.
    /// </summary>
    public bool PythonProviderAvailable { get; init; }
}
