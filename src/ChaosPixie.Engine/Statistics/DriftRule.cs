namespace ChaosPixie.Engine.Statistics;

/// <summary>The rule that judges a probe's drift from its history: a control chart on its values, or a rank test on its samples.</summary>
public enum DriftRule
{
    /// <summary>Exponentially weighted moving average (lambda 0.2, limits at 3 sigma): the default.</summary>
    Ewma,

    /// <summary>Tabular CUSUM (k 0.5, h 5): quicker on small sustained shifts.</summary>
    Cusum,

    /// <summary>Mann-Whitney: the run's samples against the pooled samples of the probe's last passing runs.</summary>
    MannWhitney,
}
