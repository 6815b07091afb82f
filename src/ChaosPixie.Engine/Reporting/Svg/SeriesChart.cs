using System.Globalization;
using System.Text;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// Draws a tolerance's column over time as an inline SVG: a dot per row, coloured by phase (<see cref="PhaseColours"/>),
/// and the threshold as a dashed vermilion line. A phase of more than <see cref="PixelThinning.MaxPoints"/> rows keeps
/// the lowest and highest value of each pixel column, so spikes stay visible and the page stays small.
/// </summary>
internal static class SeriesChart
{
    private const double Width = 960;
    private const double Height = 300;
    private static readonly PlotArea Plot = new(72, 36, Width - 20, Height - 36);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Svg(ToleranceSeries series)
    {
        var points = series.Points.Values.SelectMany(p => p).ToList();
        var (tMin, tMax) = (points.Min(p => p.Time), points.Max(p => p.Time));
        if (tMax == tMin)
        {
            tMax = tMin + 1_000_000_000;
        }

        var scale = AxisScale.Around(points.Select(p => p.Value).Concat(series.Threshold is { } t ? [t] : []).Concat(series.BaselineBand is { } b ? [b.Low, b.High] : []));
        double X(long time) => Plot.Left + (Plot.Width * (time - tMin) / (tMax - tMin));
        double Y(double value) => scale.Y(value, Plot);

        var unit = series.Unit is null ? string.Empty : $" {series.Unit}";
        var canvas = new SvgCanvas(Width, Height, Plot, "series-chart", $"{series.Probe}: {series.Column}{unit} over time, by phase{(series.Threshold is { } th ? $", threshold {SvgCanvas.Number(th)}{unit}" : string.Empty)}");
        var svg = canvas.Builder;
        canvas.ValueAxis(scale, Y, series.Unit ?? series.Column);
        canvas.TimeAxis(tMin, tMax, X);

        // A before/after tolerance's baseline: the middle 80% of the values before the method, as a translucent band.
        if (series.BaselineBand is { } band)
        {
            var (top, bottom) = (Y(band.High), Y(band.Low));
            svg.Append(Invariant, $"<rect class=\"baseline-band\" x=\"{Plot.Left}\" y=\"{SvgCanvas.N(top)}\" width=\"{Plot.Width}\" height=\"{SvgCanvas.N(Math.Max(1, bottom - top))}\" fill=\"{PhaseColours.Before}\" opacity=\"0.15\"><title>before, middle 80%: {SvgCanvas.E(SvgCanvas.Number(band.Low))} to {SvgCanvas.E(SvgCanvas.Number(band.High))}{SvgCanvas.E(unit)}</title></rect>");
        }

        // The rows of each phase: one path of round dots.
        var legendX = Plot.Left;
        foreach (var phase in Enum.GetValues<SeriesPhase>())
        {
            if (!series.Points.TryGetValue(phase, out var phasePoints) || phasePoints.Count == 0)
            {
                continue;
            }

            var path = new StringBuilder();
            foreach (var point in PixelThinning.Thin(phasePoints, p => X(p.Time), p => p.Value))
            {
                path.Append(Invariant, $"M{SvgCanvas.N(X(point.Time))} {SvgCanvas.N(Y(point.Value))}h0");
            }

            var (name, colour) = (PhaseColours.Name(phase), PhaseColours.Of(phase));
            svg.Append(Invariant, $"<path class=\"phase-{name}\" d=\"{path}\" stroke=\"{colour}\" stroke-width=\"5\" stroke-linecap=\"round\" fill=\"none\" opacity=\"0.8\"/>");
            legendX = canvas.Legend(legendX, colour, string.Create(Invariant, $"{name} ({phasePoints.Count:N0} rows)"));
        }

        if (series.Threshold is { } threshold)
        {
            var y = SvgCanvas.N(Y(threshold));
            svg.Append(Invariant, $"<line class=\"threshold\" x1=\"{Plot.Left}\" x2=\"{Plot.Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{PhaseColours.Threshold}\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>");
            canvas.Legend(legendX, PhaseColours.Threshold, $"threshold {SvgCanvas.Number(threshold)}{unit} (passes at or {series.Comparison})", dashed: true);
        }

        return canvas.Close();
    }
}
