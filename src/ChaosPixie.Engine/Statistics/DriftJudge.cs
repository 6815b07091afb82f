using System.Globalization;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// Drift of one probe across runs, judged on one value per run against a baseline of its recent normal runs
/// (NIST/SEMATECH e-Handbook 6.3.2.3 and 6.3.2.4). Durations are judged on their logarithm, as percentiles are skewed;
/// bands are shown back in the value's unit. Only the harmful side alarms: towards the tolerance's threshold (up when
/// the threshold is above the baseline's mean, down when below; up when there is none). The baseline's standard
/// deviation has a floor of 1 % of its mean, so a constant history does not alarm on noise.
/// </summary>
public static class DriftJudge
{
    public const double Lambda = 0.2;
    public const double Limit = 3;
    public const double CusumK = 0.5;
    public const double CusumH = 5;
    public const int MinimumHistory = 10;
    public const int BaselineRuns = 30;
    private const double RelativeFloor = 0.01;

    /// <param name="baseline">The probe's last normal values, oldest first (at most <see cref="BaselineRuns"/>).</param>
    /// <param name="lastRule">The rule of the probe's previous run, whose statistic this run continues when it is the same.</param>
    public static DriftJudgement Judge(DriftRule rule, IReadOnlyList<double> baseline, double value, double? threshold, string? unit, string? lastRule, double? lastStatistic)
    {
        if (baseline.Count < MinimumHistory)
        {
            return new DriftJudgement(false, false, null, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"drift not judged: {baseline.Count} of the {MinimumHistory} runs of history it needs"));
        }

        var logScale = unit is not null && value > 0 && baseline.All(v => v > 0);
        double Scale(double v) => logScale ? Math.Log(v) : v;
        double Unscale(double v) => logScale ? Math.Exp(v) : v;

        var points = baseline.Select(Scale).ToArray();
        var mean = points.Average();
        var deviation = Math.Sqrt(points.Sum(p => (p - mean) * (p - mean)) / (points.Length - 1));
        var floor = logScale ? RelativeFloor : Math.Max(RelativeFloor * Math.Abs(mean), 1e-12);
        deviation = Math.Max(deviation, floor);
        var upward = threshold is not { } t || t >= Unscale(mean);
        var x = Scale(value);
        var previous = lastRule == rule.ToString() && lastStatistic is { } last && double.IsFinite(last) ? last : (double?)null;
        var runs = string.Create(CultureInfo.InvariantCulture, $"{baseline.Count} runs");
        return rule == DriftRule.Cusum
            ? Cusum(x, mean, deviation, upward, previous, value, unit, runs)
            : Ewma(x, mean, deviation, upward, previous is { } p && (!logScale || p > 0) ? Scale(p) : mean, Unscale, value, unit, runs);
    }

    private static DriftJudgement Ewma(double x, double mean, double deviation, bool upward, double previous, Func<double, double> unscale, double value, string? unit, string runs)
    {
        var z = Lambda * x + (1 - Lambda) * previous;
        var spread = Limit * deviation * Math.Sqrt(Lambda / (2 - Lambda));
        var low = unscale(mean - spread);
        var high = unscale(mean + spread);
        var ewma = unscale(z);
        var alarm = upward ? z > mean + spread : z < mean - spread;
        var where = alarm
            ? upward ? $"above the upper limit {Format(high, unit)}" : $"below the lower limit {Format(low, unit)}"
            : $"within {Format(low, unit)} .. {Format(high, unit)}";
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"EWMA {Format(ewma, unit)} {where} (value {Format(value, unit)}; lambda {Lambda}, L {Limit}, baseline {runs})");
        return new DriftJudgement(true, alarm, DriftRule.Ewma, ewma, low, high, explanation);
    }

    // The one-sided tabular CUSUM of the harmful side. It is not reset after an alarm, so a shift that lasts keeps
    // the probe Drifting instead of taking turns with Steady.
    private static DriftJudgement Cusum(double x, double mean, double deviation, bool upward, double? previous, double value, string? unit, string runs)
    {
        var u = (x - mean) / deviation;
        var sum = Math.Max(0, (previous ?? 0) + (upward ? u : -u) - CusumK);
        var alarm = sum > CusumH;
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"CUSUM {sum:0.###} {(alarm ? "above" : "within")} the limit h {CusumH} on the {(upward ? "upper" : "lower")} side (value {Format(value, unit)}; k {CusumK}, baseline {runs})");
        return new DriftJudgement(true, alarm, DriftRule.Cusum, sum, null, null, explanation);
    }

    private static string Format(double number, string? unit) => unit is null ? Quantities.Format(number, null) : $"{Quantities.Format(number, null)} {unit}";
}
