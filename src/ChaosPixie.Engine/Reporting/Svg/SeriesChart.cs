using System.Globalization;
using System.Net;
using System.Text;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// Draws a tolerance's column over time as an inline SVG: a dot per row, coloured by phase (Okabe-Ito colours, which
/// colour-blind readers tell apart: before blue, during orange, after green), and the threshold as a dashed vermilion
/// line. No script, no link, no font: the page's CSP allows none. Coordinates are written in the invariant culture
/// (a decimal comma would break them) and every text is escaped. A phase of more than <see cref="MaxPoints"/> rows
/// keeps the lowest and highest value of each pixel column, so spikes stay visible and the page stays small.
/// </summary>
internal static class SeriesChart
{
    public const int MaxPoints = 2000;

    private const double Width = 960;
    private const double Height = 300;
    private const double Left = 72;
    private const double Right = 20;
    private const double Top = 36;
    private const double Bottom = 36;
    private const string ThresholdColour = "#D55E00";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (SeriesPhase Phase, string Name, string Colour)[] Phases =
    [
        (SeriesPhase.Before, "before", "#0072B2"),
        (SeriesPhase.During, "during", "#E69F00"),
        (SeriesPhase.After, "after", "#009E73"),
    ];

    public static string Svg(ToleranceSeries series)
    {
        var points = series.Points.Values.SelectMany(p => p).ToList();
        var (tMin, tMax) = (points.Min(p => p.Time), points.Max(p => p.Time));
        if (tMax == tMin)
        {
            tMax = tMin + 1_000_000_000;
        }

        var values = points.Select(p => p.Value).Concat(series.Threshold is { } t ? [t] : []).Concat(series.BaselineBand is { } b ? [b.Low, b.High] : []).ToList();
        var (low, high, step) = Scale(values.Min(), values.Max());
        double X(long time) => Left + ((Width - Left - Right) * (time - tMin) / (tMax - tMin));
        double Y(double value) => Height - Bottom - ((Height - Top - Bottom) * (value - low) / (high - low));

        var unit = series.Unit is null ? string.Empty : $" {series.Unit}";
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" class=\"series-chart\" font-family=\"system-ui, sans-serif\" font-size=\"12\">")
            .Append(Invariant, $"<title>{E(series.Probe)}: {E(series.Column)}{E(unit)} over time, by phase{(series.Threshold is { } th ? $", threshold {Number(th)}{unit}" : string.Empty)}</title>");

        // Value axis: grid lines and labels.
        for (var v = low; v <= high + (step / 2); v += step)
        {
            var y = Y(v);
            svg.Append(Invariant, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>")
                .Append(Invariant, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"#57606a\">{E(Number(v))}</text>");
        }

        svg.Append(Invariant, $"<text x=\"{Left - 6}\" y=\"{Top - 14}\" text-anchor=\"end\" fill=\"#57606a\">{E(series.Unit ?? series.Column)}</text>");

        // Time axis, UTC.
        var withDate = tMax - tMin >= 86_400_000_000_000L;
        for (var i = 0; i <= 4; i++)
        {
            var time = tMin + ((tMax - tMin) * i / 4);
            var x = X(time);
            var label = DateTime.UnixEpoch.AddTicks(time / 100).ToString(withDate ? "MM-dd HH:mm" : "HH:mm:ss", Invariant);
            svg.Append(Invariant, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom + 5}\" stroke=\"#57606a\"/>")
                .Append(Invariant, $"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"{(i == 0 ? "start" : i == 4 ? "end" : "middle")}\" fill=\"#57606a\">{label}{(i == 4 ? " UTC" : string.Empty)}</text>");
        }

        svg.Append(Invariant, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"#57606a\"/>");

        // A before/after tolerance's baseline: the middle 80% of the values before the method, as a translucent band.
        var legendX = Left;
        if (series.BaselineBand is { } band)
        {
            var (top, bottom) = (Y(band.High), Y(band.Low));
            svg.Append(Invariant, $"<rect class=\"baseline-band\" x=\"{Left}\" y=\"{top:0.#}\" width=\"{Width - Left - Right}\" height=\"{Math.Max(1, bottom - top):0.#}\" fill=\"{Phases[0].Colour}\" opacity=\"0.15\"><title>before, middle 80%: {E(Number(band.Low))} to {E(Number(band.High))}{E(unit)}</title></rect>");
        }

        // The rows of each phase: one path of round dots.
        foreach (var (phase, name, colour) in Phases)
        {
            if (!series.Points.TryGetValue(phase, out var phasePoints) || phasePoints.Count == 0)
            {
                continue;
            }

            var path = new StringBuilder();
            foreach (var point in Thin(phasePoints, p => X(p.Time)))
            {
                path.Append(Invariant, $"M{X(point.Time):0.#} {Y(point.Value):0.#}h0");
            }

            svg.Append(Invariant, $"<path class=\"phase-{name}\" d=\"{path}\" stroke=\"{colour}\" stroke-width=\"5\" stroke-linecap=\"round\" fill=\"none\" opacity=\"0.8\"/>")
                .Append(Invariant, $"<rect x=\"{legendX}\" y=\"8\" width=\"12\" height=\"12\" rx=\"6\" fill=\"{colour}\"/><text x=\"{legendX + 18}\" y=\"18\" fill=\"#1f2328\">{name} ({phasePoints.Count:N0} rows)</text>");
            legendX += 150;
        }

        if (series.Threshold is { } threshold)
        {
            var y = Y(threshold);
            svg.Append(Invariant, $"<line class=\"threshold\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{ThresholdColour}\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>")
                .Append(Invariant, $"<line x1=\"{legendX}\" x2=\"{legendX + 16}\" y1=\"14\" y2=\"14\" stroke=\"{ThresholdColour}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>")
                .Append(Invariant, $"<text x=\"{legendX + 22}\" y=\"18\" fill=\"#1f2328\">threshold {E(Number(threshold))}{E(unit)} (passes at or {series.Comparison})</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    // At most MaxPoints: beyond, the lowest and highest point of each pixel column.
    private static IEnumerable<SeriesPoint> Thin(List<SeriesPoint> points, Func<SeriesPoint, double> x) =>
        points.Count <= MaxPoints
            ? points
            : points.GroupBy(p => (int)x(p)).SelectMany(column => new[] { column.MinBy(p => p.Value), column.MaxBy(p => p.Value) }.Distinct());

    // A round step (1, 2 or 5 times a power of ten) giving about five grid lines from a little below to a little above.
    private static (double Low, double High, double Step) Scale(double min, double max)
    {
        if (max - min < 1e-12)
        {
            (min, max) = (min - 1, max + 1);
        }

        var raw = (max - min) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string Number(double value) => value.ToString("0.###", Invariant);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
