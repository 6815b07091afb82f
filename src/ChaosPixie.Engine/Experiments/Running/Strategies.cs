namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>When the steady-state hypothesis runs.</summary>
public enum HypothesisStrategy
{
    Default,
    BeforeMethodOnly,
    AfterMethodOnly,
    DuringMethodOnly,
    Continuously,
    Skip,
}

/// <summary>When rollbacks are played. <see cref="Unknown"/> is upstream's silent "never" for a misspelt name.</summary>
public enum RollbackStrategy
{
    Default,
    Always,
    Never,
    Deviated,
    Unknown,
}

/// <summary>The <c>--dry</c> modes.</summary>
public enum DryMode
{
    Probes,
    Actions,
    Activities,
    Pause,
}

/// <summary>Upstream's spellings of the strategies and dry modes, as found in <c>runtime</c> and in the journal.</summary>
public static class StrategyNames
{
    public static HypothesisStrategy? ParseHypothesis(string? name) => name switch
    {
        "default" => HypothesisStrategy.Default,
        "before-method-only" => HypothesisStrategy.BeforeMethodOnly,
        "after-method-only" => HypothesisStrategy.AfterMethodOnly,
        "during-method-only" => HypothesisStrategy.DuringMethodOnly,
        "continuously" or "continously" => HypothesisStrategy.Continuously,
        "skip" => HypothesisStrategy.Skip,
        _ => null,
    };

    public static RollbackStrategy ParseRollback(string? name) => name switch
    {
        "default" => RollbackStrategy.Default,
        "always" => RollbackStrategy.Always,
        "never" => RollbackStrategy.Never,
        "deviated" => RollbackStrategy.Deviated,
        _ => RollbackStrategy.Unknown,
    };

    public static string ToName(DryMode mode) => mode switch
    {
        DryMode.Probes => "probes",
        DryMode.Actions => "actions",
        DryMode.Activities => "activities",
        _ => "pause",
    };
}
