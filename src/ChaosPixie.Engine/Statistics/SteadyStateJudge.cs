using System.Globalization;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// Kayenta's Mann-Whitney classifier (NetflixACAJudge), with ChaosPixie's changes: NaN values are left out and
/// counted, too few samples (or too few to reach the confidence at all) are Inconclusive, and two constant but
/// different sides are judged without Kayenta's random noise, since their shift is certain.
/// </summary>
public static class SteadyStateJudge
{
    /// <summary><paramref name="resumes"/>: how many times a result the values came from was resumed and not accepted as such; the verdict is then Inconclusive.</summary>
    public static SteadyStateComparison Compare(IEnumerable<double> baseline, IEnumerable<double> candidate, SteadyStateCriteria criteria, ComparisonLabel label, int resumes = 0)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(label);
        criteria.Validate();

        var y = baseline.Where(v => !double.IsNaN(v)).ToArray();
        var x = candidate.Where(v => !double.IsNaN(v)).ToArray();
        var nanLeftOut = baseline.Count() - y.Length + candidate.Count() - x.Length;
        Array.Sort(y);
        Array.Sort(x);
        var samples = string.Create(CultureInfo.InvariantCulture, $"{x.Length} vs {y.Length} samples{(nanLeftOut > 0 ? $", {nanLeftOut} NaN left out" : string.Empty)}");

        if (x.Length == 0 || y.Length == 0)
        {
            var missing = (x.Length, y.Length) switch
            {
                (0, 0) => "no baseline and no candidate values",
                (_, 0) => "no baseline values",
                _ => "no candidate values",
            };
            return Result(SteadyStateVerdict.Inconclusive, x, y, nanLeftOut, $"{label.Text}: {missing} ({samples}): inconclusive");
        }

        var mw = MannWhitney.TwoSided(x, y);
        if (x.Length < criteria.MinimumSamples || y.Length < criteria.MinimumSamples)
        {
            return Result(SteadyStateVerdict.Inconclusive, x, y, nanLeftOut, string.Create(CultureInfo.InvariantCulture, $"{label.Text}: {samples}: inconclusive, at least {criteria.MinimumSamples} per side required"), mw);
        }

        if (resumes > 0)
        {
            return Result(SteadyStateVerdict.Inconclusive, x, y, nanLeftOut, $"{label.Text}: {samples}: {ResumedTables.Inconclusive(resumes)}", mw);
        }

        if (x.AsSpan().SequenceEqual(y) || (x[0] == x[^1] && y[0] == y[^1] && x[0] == y[0]))
        {
            return Result(SteadyStateVerdict.Pass, x, y, nanLeftOut, $"{label.Text}: baseline and candidate hold the same values ({samples}): pass", mw);
        }

        var hodgesLehmann = new HodgesLehmann(x, y);
        var bothConstant = x[0] == x[^1] && y[0] == y[^1];
        var confidence = Percent(criteria.ConfidenceLevel);
        if (!bothConstant && !hodgesLehmann.CanReach(criteria.ConfidenceLevel))
        {
            return Result(SteadyStateVerdict.Inconclusive, x, y, nanLeftOut, $"{label.Text}: {samples} cannot show a shift at {confidence} confidence, whatever their values: inconclusive; compare more samples", mw);
        }

        // Two constant sides differ by a certain amount: every pairwise difference is that amount, and so is the interval.
        var shift = hodgesLehmann.Estimate(criteria.ConfidenceLevel);
        var ratio = MeanRatio(x, y);
        var (verdict, why) = Decide(shift, ratio, criteria);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{label.Text}: median {Q(Median(x))} vs {Q(Median(y))}, shift {Quantities.Signed(shift.Estimate, label.Unit)} ({confidence} CI {Quantities.Signed(shift.Lower, label.Unit)} to {Quantities.Signed(shift.Upper, label.Unit)}), mean ratio {(ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "-")}, p = {mw.PValue:G3}, {samples}: {why}");
        return Result(verdict, x, y, nanLeftOut, text, mw, shift);

        string Q(double value) => Quantities.Format(value, label.Unit);

        SteadyStateComparison Result(SteadyStateVerdict outcome, double[] cx, double[] cy, int nan, string explanation, MannWhitneyResult? test = null, ShiftEstimate? estimate = null) =>
            new(outcome, criteria, label)
            {
                BaselineCount = cy.Length,
                CandidateCount = cx.Length,
                NaNLeftOut = nan,
                BaselineMedian = cy.Length > 0 ? Median(cy) : null,
                CandidateMedian = cx.Length > 0 ? Median(cx) : null,
                BaselineMean = cy.Length > 0 ? cy.Average() : null,
                CandidateMean = cx.Length > 0 ? cx.Average() : null,
                MeanRatio = cx.Length > 0 && cy.Length > 0 ? MeanRatio(cx, cy) : null,
                PValue = test?.PValue,
                PValueMethod = test is { } t ? (t.Exact ? "Exact" : "Asymptotic") : null,
                Shift = estimate?.Estimate,
                ShiftLower = estimate?.Lower,
                ShiftUpper = estimate?.Upper,
                Explanation = explanation,
                BaselineSketch = KeptSamples.Of(cy, KeptSamples.SketchLimit),
                CandidateSketch = KeptSamples.Of(cx, KeptSamples.SketchLimit),
            };
    }

    /// <summary>
    /// Kayenta's rule: High when the interval's lower end is above a quarter of |estimate| and the mean ratio reaches
    /// the allowed increase (or is undefined); Low likewise below; only in the harmful direction.
    /// </summary>
    public static (SteadyStateVerdict Verdict, string Why) Decide(ShiftEstimate shift, double? ratio, SteadyStateCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var margin = SteadyStateCriteria.Margin * Math.Abs(shift.Estimate);
        var higher = shift.Lower > margin;
        var lower = shift.Upper < -margin;
        var ratioText = ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "-";
        if (higher)
        {
            if (criteria.Direction == ShiftDirection.Decrease)
            {
                return (SteadyStateVerdict.Pass, "higher, which direction Decrease allows: pass");
            }

            return ratio is null || ratio >= criteria.AllowedIncrease
                ? (SteadyStateVerdict.High, "higher")
                : (SteadyStateVerdict.Pass, string.Create(CultureInfo.InvariantCulture, $"higher, but the mean ratio {ratioText} is below the allowed increase {criteria.AllowedIncrease}: pass"));
        }

        if (lower)
        {
            if (criteria.Direction == ShiftDirection.Increase)
            {
                return (SteadyStateVerdict.Pass, "lower, which direction Increase allows: pass");
            }

            return ratio is null || ratio <= criteria.AllowedDecrease
                ? (SteadyStateVerdict.Low, "lower")
                : (SteadyStateVerdict.Pass, string.Create(CultureInfo.InvariantCulture, $"lower, but the mean ratio {ratioText} is above the allowed decrease {criteria.AllowedDecrease}: pass"));
        }

        return (SteadyStateVerdict.Pass, "no significant shift: pass");
    }

    private static double? MeanRatio(double[] x, double[] y)
    {
        var meanX = x.Average();
        var meanY = y.Average();
        return meanX == 0 || meanY == 0 ? null : meanX / meanY;
    }

    private static double Median(double[] sorted) => Percentiles.MedianOfSorted(sorted);

    private static string Percent(double confidence) => (confidence * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
