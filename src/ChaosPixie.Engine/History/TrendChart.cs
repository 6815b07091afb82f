using System.Globalization;
using ChaosPixie.Engine.Reporting.Svg;

namespace ChaosPixie.Engine.History;

/// <summary>
/// One probe's measured values over time as an inline SVG (<see cref="SvgCanvas"/>): the EWMA band as a translucent
/// area, the threshold as a dashed line, the values as a line with a marker per Drifting (orange) or Broken (red) run.
/// Beyond <see cref="PixelThinning.MaxPoints"/> runs each pixel column keeps its lowest and highest value, so an alarm
/// is never thinned away.
/// </summary>
internal static class TrendChart
{
    private const double Width = 960;
    private const double Height = 260;
    private static readonly PlotArea Plot = new(70, 36, Width - 16, Height - 34);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Svg(string probe, IReadOnlyList<SteadyStateRecord> records)
    {
        var measured = records.Where(r => r.Value is { } v && double.IsFinite(v)).OrderBy(r => r.StartedAt).ToList();
        var unit = measured.Select(r => r.Unit).FirstOrDefault(u => u is not null);
        var canvas = new SvgCanvas(Width, Height, Plot, "trend-chart", $"{probe}: {measured.Count} measured runs{(unit is null ? string.Empty : $" in {unit}")}");
        var svg = canvas.Builder;
        if (measured.Count == 0)
        {
            svg.Append(Invariant, $"<text x=\"{Plot.Left}\" y=\"{Height / 2}\">No measured value yet</text>");
            return canvas.Close();
        }

        var first = Nanoseconds(measured[0]);
        var last = Math.Max(Nanoseconds(measured[^1]), first + 1_000_000_000);
        var scale = AxisScale.Around(measured.SelectMany(r => new[] { r.Value, r.Threshold, r.BandLow, r.BandHigh }).OfType<double>());
        double X(SteadyStateRecord r) => Plot.Left + (Plot.Width * (Nanoseconds(r) - first) / (last - first));
        double Y(double value) => scale.Y(value, Plot);
        string P(SteadyStateRecord r, double value) => $"{SvgCanvas.N(X(r))},{SvgCanvas.N(Y(value))}";

        canvas.ValueAxis(scale, Y, unit ?? "value");
        canvas.TimeAxis(first, last, time => Plot.Left + (Plot.Width * (time - first) / (last - first)));
        var legendX = canvas.Legend(Plot.Left, PhaseColours.Before, "measured value");
        var banded = measured.Where(r => r.BandLow is not null && r.BandHigh is not null).ToList();
        if (banded.Count > 0)
        {
            var upper = banded.Select(r => P(r, r.BandHigh!.Value));
            var lower = banded.AsEnumerable().Reverse().Select(r => P(r, r.BandLow!.Value));
            svg.Append(Invariant, $"<polygon class=\"band\" points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"{PhaseColours.Before}\" fill-opacity=\"0.15\" stroke=\"none\"/>");
        }

        if (measured.Select(r => r.Threshold).LastOrDefault(t => t is not null) is { } threshold && double.IsFinite(threshold))
        {
            var y = SvgCanvas.N(Y(threshold));
            svg.Append(Invariant, $"<line class=\"threshold\" x1=\"{Plot.Left}\" x2=\"{Plot.Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{PhaseColours.Threshold}\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>");
            legendX = canvas.Legend(legendX, PhaseColours.Threshold, $"threshold {SvgCanvas.Number(threshold)}{(unit is null ? string.Empty : $" {unit}")}", dashed: true);
        }

        var series = PixelThinning.Thin(measured, X, r => r.Value!.Value);
        svg.Append(Invariant, $"<polyline class=\"series\" points=\"{string.Join(' ', series.Select(r => P(r, r.Value!.Value)))}\" fill=\"none\" stroke=\"{PhaseColours.Before}\" stroke-width=\"1.5\"/>");
        foreach (var alarm in measured.Where(r => r.Outcome is CheckVerdict.Drifting or CheckVerdict.Broken))
        {
            var colour = alarm.Outcome == CheckVerdict.Broken ? PhaseColours.Threshold : PhaseColours.During;
            svg.Append(Invariant, $"<circle class=\"alarm {alarm.Verdict.ToLowerInvariant()}\" cx=\"{SvgCanvas.N(X(alarm))}\" cy=\"{SvgCanvas.N(Y(alarm.Value!.Value))}\" r=\"3.5\" fill=\"{colour}\"><title>{SvgCanvas.E(alarm.Time)} {alarm.Verdict}: {SvgCanvas.E(alarm.Explanation)}</title></circle>");
        }

        return canvas.Close();
    }

    private static long Nanoseconds(SteadyStateRecord record) => record.StartedAt.ToUnixTimeMilliseconds() * 1_000_000;
}
