namespace ChaosPixie.Engine.Statistics;

/// <summary>Which side of the threshold passes. Both are inclusive, as chaostoolkit-pixie's (&lt;= and &gt;=).</summary>
public enum ToleranceComparison
{
    /// <summary>Passes when the percentile is at most the threshold.</summary>
    Below,

    /// <summary>Passes when the percentile is at least the threshold.</summary>
    Above,
}
