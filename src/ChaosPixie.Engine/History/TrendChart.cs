using System.Globalization;
using System.Net;
using System.Text;

namespace ChaosPixie.Engine.History;

/// <summary>
/// One probe's measured values over time as an inline SVG: the EWMA band as a translucent area, the threshold as a
/// dashed line, the values as a line with a marker per Drifting (orange) or Broken (red) run. No script, no external
/// reference; coordinates in the invariant culture; times in UTC. At most about 2,000 points are drawn: beyond that
/// each pixel column keeps its lowest and highest value, so an alarm is never thinned away.
/// </summary>
internal static class TrendChart
{
    private const double Width = 960;
    private const double Height = 260;
    private const double Left = 70;
    private const double Right = 16;
    private const double Top = 16;
    private const double Bottom = 34;
    private const int MaximumPoints = 2000;

    public static string Svg(string probe, IReadOnlyList<SteadyStateRecord> records)
    {
        var measured = records.Where(r => r.Value is { } v && double.IsFinite(v)).OrderBy(r => r.StartedAt).ToList();
        var unit = measured.Select(r => r.Unit).FirstOrDefault(u => u is not null);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{X(probe)}: {measured.Count} measured runs{(unit is null ? string.Empty : $" in {X(unit)}")}</title>");
        if (measured.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height / 2}\">No measured value yet</text></svg>");
            return svg.ToString();
        }

        var first = measured[0].StartedAt.ToUnixTimeMilliseconds();
        var last = Math.Max(measured[^1].StartedAt.ToUnixTimeMilliseconds(), first + 1);
        var numbers = measured.SelectMany(r => new[] { r.Value, r.Threshold, r.BandLow, r.BandHigh }).OfType<double>().Where(double.IsFinite).ToList();
        var low = numbers.Min();
        var high = numbers.Max();
        var pad = Math.Max((high - low) * 0.05, Math.Abs(high) * 0.01 + 1e-9);
        low -= pad;
        high += pad;
        double Px(SteadyStateRecord r) => Left + ((r.StartedAt.ToUnixTimeMilliseconds() - first) / (double)(last - first) * (Width - Left - Right));
        double Py(double value) => Top + ((high - value) / (high - low) * (Height - Top - Bottom));

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"#fafbfc\" stroke=\"#d1d9e0\"/>");
        var banded = measured.Where(r => r.BandLow is not null && r.BandHigh is not null).ToList();
        if (banded.Count > 0)
        {
            var upper = banded.Select(r => P(Px(r), Py(r.BandHigh!.Value)));
            var lower = banded.AsEnumerable().Reverse().Select(r => P(Px(r), Py(r.BandLow!.Value)));
            svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"band\" points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"#0072B2\" fill-opacity=\"0.15\" stroke=\"none\"/>");
        }

        if (measured.Select(r => r.Threshold).LastOrDefault(t => t is not null) is { } threshold && double.IsFinite(threshold))
        {
            var y = Py(threshold);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"threshold\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#D55E00\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 4}\" y=\"{N(y - 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#D55E00\">threshold {X(Format(threshold, unit))}</text>");
        }

        var series = Thin(measured, Px);
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" points=\"{string.Join(' ', series.Select(r => P(Px(r), Py(r.Value!.Value))))}\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\"/>");
        foreach (var alarm in measured.Where(r => r.Outcome is CheckVerdict.Drifting or CheckVerdict.Broken))
        {
            var colour = alarm.Outcome == CheckVerdict.Broken ? "#D55E00" : "#E69F00";
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"alarm {alarm.Verdict.ToLowerInvariant()}\" cx=\"{N(Px(alarm))}\" cy=\"{N(Py(alarm.Value!.Value))}\" r=\"3.5\" fill=\"{colour}\"><title>{X(alarm.Time)} {alarm.Verdict}: {X(alarm.Explanation)}</title></circle>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{N(Py(high - pad) + 4)}\" text-anchor=\"end\" font-size=\"11\">{X(Format(high - pad, unit))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{N(Py(low + pad) + 4)}\" text-anchor=\"end\" font-size=\"11\">{X(Format(low + pad, unit))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 10}\" font-size=\"11\">{X(measured[0].Time[..16])}Z</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 10}\" text-anchor=\"end\" font-size=\"11\">{X(measured[^1].Time[..16])}Z (UTC)</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    // Beyond the limit, each pixel column keeps its lowest and highest value, in time order.
    private static List<SteadyStateRecord> Thin(List<SteadyStateRecord> records, Func<SteadyStateRecord, double> x)
    {
        if (records.Count <= MaximumPoints)
        {
            return records;
        }

        return [.. records.GroupBy(r => (int)x(r))
            .SelectMany(column =>
            {
                var lowest = column.MinBy(r => r.Value!.Value)!;
                var highest = column.MaxBy(r => r.Value!.Value)!;
                return lowest.StartedAt <= highest.StartedAt ? new[] { lowest, highest }.Distinct() : new[] { highest, lowest }.Distinct();
            })];
    }

    private static string Format(double value, string? unit) =>
        value.ToString("0.###", CultureInfo.InvariantCulture) + (unit is null ? string.Empty : " " + unit);

    private static string P(double x, double y) => $"{N(x)},{N(y)}";

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string X(string text) => WebUtility.HtmlEncode(text);
}
