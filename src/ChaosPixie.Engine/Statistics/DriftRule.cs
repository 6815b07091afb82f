namespace ChaosPixie.Engine.Statistics;

/// <summary>The control chart that judges a probe's drift from its history.</summary>
public enum DriftRule
{
    /// <summary>Exponentially weighted moving average (lambda 0.2, limits at 3 sigma): the default.</summary>
    Ewma,

    /// <summary>Tabular CUSUM (k 0.5, h 5): quicker on small sustained shifts.</summary>
    Cusum,
}
