using ChaosPixie.Engine.Statistics;

// In the ChaosPixie namespace, like ToleranceResult, so that PowerShell shows the type name 'ChaosPixie.SteadyStateComparison'.
namespace ChaosPixie;

/// <summary>
/// A candidate (after, during) judged against its baseline (before): the verdict, the Mann-Whitney p-value, the
/// Hodges-Lehmann shift and its interval, both medians and means, and one line that explains it. Enumerations are
/// exposed as their names, so that ConvertTo-Json writes "Pass" rather than a number.
/// </summary>
public sealed class SteadyStateComparison : IJudgement
{
    internal SteadyStateComparison(SteadyStateVerdict outcome, SteadyStateCriteria criteria, ComparisonLabel label)
    {
        Outcome = outcome;
        Group = label.Group;
        Column = label.Column;
        Unit = label.Unit?.ToString();
        UnitValue = label.Unit;
        Direction = criteria.Direction.ToString();
        ConfidenceLevel = criteria.ConfidenceLevel;
        AllowedIncrease = criteria.AllowedIncrease;
        AllowedDecrease = criteria.AllowedDecrease;
        MinimumSamples = criteria.MinimumSamples;
    }

    /// <summary>Pass, High, Low or Inconclusive.</summary>
    public string Verdict => Outcome.ToString();

    /// <summary>True only for Pass: an inconclusive comparison is not a pass.</summary>
    public bool Passed => Outcome == SteadyStateVerdict.Pass;

    /// <summary>The group's value with -GroupBy (a service, a pod, a cluster); null otherwise.</summary>
    public string? Group { get; }

    /// <summary>The compared column; null when plain numbers were compared.</summary>
    public string? Column { get; }

    /// <summary>The unit of the values when they are durations (Milliseconds, ...); null when unknown.</summary>
    public string? Unit { get; }

    public string Direction { get; }

    public double ConfidenceLevel { get; }

    public double AllowedIncrease { get; }

    public double AllowedDecrease { get; }

    public int MinimumSamples { get; }

    public int BaselineCount { get; internal init; }

    public int CandidateCount { get; internal init; }

    /// <summary>NaN values left out of either side before the comparison.</summary>
    public int NaNLeftOut { get; internal init; }

    public double? BaselineMedian { get; internal init; }

    public double? CandidateMedian { get; internal init; }

    public double? BaselineMean { get; internal init; }

    public double? CandidateMean { get; internal init; }

    /// <summary>Mean of the candidate over mean of the baseline (Kayenta's effect size); null when either mean is 0 or a side is empty.</summary>
    public double? MeanRatio { get; internal init; }

    /// <summary>The Hodges-Lehmann estimate of candidate minus baseline: the median of all pairwise differences.</summary>
    public double? Shift { get; internal init; }

    /// <summary>The lower end of the shift's confidence interval.</summary>
    public double? ShiftLower { get; internal init; }

    /// <summary>The upper end of the shift's confidence interval.</summary>
    public double? ShiftUpper { get; internal init; }

    /// <summary>The two-sided Mann-Whitney p-value, as scipy.stats.mannwhitneyu computes it. Informative: the verdict follows the interval.</summary>
    public double? PValue { get; internal init; }

    /// <summary>Exact or Asymptotic: how the p-value was computed.</summary>
    public string? PValueMethod { get; internal init; }

    /// <summary>One line, e.g. "latency_p99: median 48 ms vs 31 ms, shift +16.8 ms (98% CI +14.2 ms to +19.5 ms), ...: higher".</summary>
    public string Explanation { get; internal set; } = string.Empty;

    internal SteadyStateVerdict Outcome { get; }

    internal DurationUnit? UnitValue { get; }

    /// <summary>The baseline's values, ascending, as a sketch of at most <see cref="KeptSamples.SketchLimit"/> for the report's picture.</summary>
    internal IReadOnlyList<double> BaselineSketch { get; init; } = [];

    /// <summary>The candidate's values, likewise.</summary>
    internal IReadOnlyList<double> CandidateSketch { get; init; } = [];

    public override string ToString() => Explanation;
}
