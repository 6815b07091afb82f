using System.Globalization;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// Drift of a probe that keeps its samples: this run's samples against the pooled samples of the probe's last passing
/// runs, by the Mann-Whitney comparison Compare-SteadyState makes (Kayenta's rule at 98 % confidence, the p-value as
/// scipy computes it). Only the harmful side alarms: higher when the threshold is above the baseline's median (or there
/// is none), lower when below.
/// </summary>
public static class SampleDrift
{
    /// <summary>How many of the probe's last passing runs with samples form the baseline.</summary>
    public const int BaselineRuns = 10;

    /// <summary>With fewer passing runs with samples, drift is not judged.</summary>
    public const int MinimumRuns = 5;

    /// <param name="runs">How many runs <paramref name="baseline"/> pools.</param>
    /// <param name="baseline">Their samples.</param>
    /// <param name="samples">This run's samples, in the same unit.</param>
    public static DriftJudgement Judge(int runs, IReadOnlyList<double> baseline, IReadOnlyList<double> samples, double value, double? threshold, string? unit)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return NotJudged("drift not judged: the probe kept no samples (a chaospixie percentile or median tolerance keeps them)");
        }

        if (runs < MinimumRuns)
        {
            return NotJudged(string.Create(CultureInfo.InvariantCulture, $"drift not judged: {runs} of the {MinimumRuns} passing runs with samples it needs"));
        }

        var sorted = baseline.Order().ToArray();
        var upward = threshold is not { } t || t >= Percentiles.MedianOfSorted(sorted);
        var criteria = new SteadyStateCriteria { Direction = upward ? ShiftDirection.Increase : ShiftDirection.Decrease };
        var durationUnit = DurationUnits.FromSymbol(unit);
        var comparison = SteadyStateJudge.Compare(sorted, samples, criteria, new ComparisonLabel("Mann-Whitney", durationUnit, null));
        var context = string.Create(CultureInfo.InvariantCulture, $"(value {Quantities.Format(value, durationUnit)}; baseline the last {runs} passing runs)");
        if (comparison.Outcome == SteadyStateVerdict.Inconclusive)
        {
            return NotJudged($"drift not judged: {comparison.Explanation} {context}");
        }

        var alarm = comparison.Outcome is SteadyStateVerdict.High or SteadyStateVerdict.Low;
        return new DriftJudgement(true, alarm, DriftRule.MannWhitney, comparison.PValue, null, null, $"{comparison.Explanation} {context}");
    }

    private static DriftJudgement NotJudged(string explanation) => new(false, false, null, null, null, null, explanation);
}
