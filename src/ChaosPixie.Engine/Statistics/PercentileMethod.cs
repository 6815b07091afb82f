namespace ChaosPixie.Engine.Statistics;

/// <summary>How a percentile is read from a sorted sample of n values x[1..n]; p is the percentile (0 &lt; p &lt; 100).</summary>
public enum PercentileMethod
{
    /// <summary>
    /// Linear interpolation between the two closest ranks, h = p(n-1)/100 + 1: Python's
    /// statistics.quantiles(method='inclusive'), numpy's default 'linear' and Excel's PERCENTILE.INC.
    /// It never goes past the smallest or the largest sample.
    /// </summary>
    Inclusive,

    /// <summary>
    /// Python's statistics.quantiles default (method='exclusive'), which chaostoolkit-pixie uses: h = p(n+1)/100,
    /// with the lower rank clamped to [1, n-1] but not the weight, so small samples extrapolate past the
    /// smallest and the largest value (p99 of [0.5, 0.8, 0.9] is 0.996). Excel's PERCENTILE.EXC inside its range.
    /// </summary>
    Exclusive,

    /// <summary>The smallest sample with at least p% of the samples at or below it: x[ceil(p n / 100)]. Always a measured value.</summary>
    NearestRank,
}
