namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>What validation needs to know about where the experiment will run.</summary>
public sealed class ExperimentValidationOptions
{
    /// <summary>The directory relative process paths are resolved against (the run's working directory).</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>
    /// The bridge that imports the python modules chaostoolkit-pixie does not provide, to check their functions;
    /// null reports each such module as missing, with what to install.
    /// </summary>
    public Providers.Bridge.PythonBridge? Python { get; init; }

    /// <summary>The hypothesis strategy the caller chose for the run (it wins over the experiment's <c>runtime</c>); null when none.</summary>
    public Running.HypothesisStrategy? HypothesisStrategy { get; init; }

    /// <summary>A steady-state check: the hypothesis runs once and no method follows it.</summary>
    public bool SteadyStateOnly { get; init; }

    /// <summary>Stops a validation that waits for the Python bridge (a module whose import hangs): Ctrl+C.</summary>
    public CancellationToken Cancellation { get; init; }
}
