namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>Where in a run a lifecycle hook is called (chaoslib's control levels).</summary>
internal enum ControlLevel
{
    Loader,
    Experiment,
    Hypothesis,
    Method,
    Rollback,
    Activity,
}

/// <summary>One lifecycle hook: a level, before or after it. <see cref="FunctionName"/> is the Python function upstream calls.</summary>
internal readonly record struct ControlHook(ControlLevel Level, bool Before)
{
    public string Scope => Before ? "before" : "after";

    public string FunctionName => Level == ControlLevel.Loader
        ? $"{Scope}_loading_experiment_control"
        : $"{Scope}_{Level.ToString().ToLowerInvariant()}_control";
}
