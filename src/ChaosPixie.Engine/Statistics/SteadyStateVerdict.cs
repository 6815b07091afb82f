namespace ChaosPixie.Engine.Statistics;

/// <summary>The verdict of a before/after comparison. Only <see cref="Pass"/> is a pass.</summary>
public enum SteadyStateVerdict
{
    /// <summary>No harmful shift beyond the allowed ratio.</summary>
    Pass,

    /// <summary>The candidate is significantly higher than the baseline (and at least the allowed increase).</summary>
    High,

    /// <summary>The candidate is significantly lower than the baseline (and at most the allowed decrease).</summary>
    Low,

    /// <summary>No data on a side, too few samples, or too few to reach the confidence level: no evidence either way.</summary>
    Inconclusive,
}
