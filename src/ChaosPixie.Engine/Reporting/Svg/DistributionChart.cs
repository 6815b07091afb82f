using System.Globalization;
using System.Text;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// A comparison's two distributions side by side as an inline SVG, on one value axis in the comparison's unit: for
/// each side a box from the first to the third quartile with its median as a thick line and whiskers to the lowest
/// and highest value, beside a strip of its values (the sketch: every value, or one per percent of a larger side).
/// The baseline's median runs across both as a dashed line, and on the candidate's side a vermilion band shows where
/// the baseline's median lands when moved by the Hodges-Lehmann shift's confidence interval: the band clear of the
/// dashed line is what a High or Low verdict means.
/// </summary>
internal static class DistributionChart
{
    private const double Width = 960;
    private const double Height = 330;
    private const double BoxWidth = 90;
    private const double StripWidth = 120;
    private static readonly PlotArea Plot = new(72, 44, Width - 20, Height - 44);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Svg(DistributionPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var (baseline, candidate) = (pair.Baseline, pair.Candidate);
        var interval = Interval(pair);
        var scale = AxisScale.Around(baseline.Sketch.Concat(candidate.Sketch).Concat(interval is { } i ? [i.Low, i.High] : []));
        double Y(double value) => scale.Y(value, Plot);
        var unit = pair.Unit is null ? string.Empty : $" {pair.Unit}";

        var title = string.Create(Invariant, $"{pair.Title}: {baseline.Name} ({baseline.Count} values, median {Text(baseline.Median)}{unit}) against {candidate.Name} ({candidate.Count} values, median {Text(candidate.Median)}{unit}): {pair.Verdict}");
        var canvas = new SvgCanvas(Width, Height, Plot, "distribution-chart", title);
        var svg = canvas.Builder;
        canvas.ValueAxis(scale, Y, pair.Unit ?? "value");
        canvas.BaseLine();

        var legendX = canvas.Legend(Plot.Left, baseline.Colour, string.Create(Invariant, $"{baseline.Name} ({baseline.Count:N0} values)"));
        legendX = canvas.Legend(legendX, candidate.Colour, string.Create(Invariant, $"{candidate.Name} ({candidate.Count:N0} values)"));
        if (interval is not null)
        {
            canvas.Legend(legendX, PhaseColours.Threshold, string.Create(Invariant, $"{baseline.Name} median + shift, {pair.ConfidenceLevel * 100:0.###}% CI"), dashed: true);
        }

        var centres = (Baseline: Plot.Left + (Plot.Width * 0.3), Candidate: Plot.Left + (Plot.Width * 0.74));
        if (baseline.Median is { } reference)
        {
            var y = SvgCanvas.N(Y(reference));
            svg.Append(Invariant, $"<line class=\"baseline-median\" x1=\"{Plot.Left}\" x2=\"{Plot.Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{baseline.Colour}\" stroke-width=\"1.5\" stroke-dasharray=\"3 4\" opacity=\"0.8\"/>");
        }

        if (interval is { } ci)
        {
            var (top, bottom) = (Y(ci.High), Y(ci.Low));
            var left = centres.Candidate - BoxWidth - 16;
            svg.Append(Invariant, $"<rect class=\"shift-ci\" x=\"{SvgCanvas.N(left)}\" y=\"{SvgCanvas.N(top)}\" width=\"{BoxWidth + 32}\" height=\"{SvgCanvas.N(Math.Max(2, bottom - top))}\" fill=\"{PhaseColours.Threshold}\" fill-opacity=\"0.16\" stroke=\"{PhaseColours.Threshold}\" stroke-dasharray=\"5 3\">")
                .Append(Invariant, $"<title>{SvgCanvas.E(baseline.Name)} median moved by the shift's {pair.ConfidenceLevel * 100:0.###}% interval: {SvgCanvas.E(Text(ci.Low))} to {SvgCanvas.E(Text(ci.High))}{SvgCanvas.E(unit)}</title></rect>");
            if (ci.Estimate is { } estimate)
            {
                var y = SvgCanvas.N(Y(estimate));
                svg.Append(Invariant, $"<line class=\"shift\" x1=\"{SvgCanvas.N(left)}\" x2=\"{SvgCanvas.N(left + BoxWidth + 32)}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{PhaseColours.Threshold}\" stroke-width=\"1.5\"/>");
            }
        }

        Side(canvas, baseline, centres.Baseline, Y, unit);
        Side(canvas, candidate, centres.Candidate, Y, unit);
        return canvas.Close();
    }

    // The box and whiskers left of the centre, the strip of values right of it, the name and count below.
    private static void Side(SvgCanvas canvas, DistributionSide side, double centre, Func<double, double> y, string unit)
    {
        var svg = canvas.Builder;
        var name = side.Name;
        svg.Append(Invariant, $"<text x=\"{SvgCanvas.N(centre)}\" y=\"{Plot.Bottom + 20}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{SvgCanvas.Ink}\">{SvgCanvas.E(name)}</text>")
            .Append(Invariant, $"<text x=\"{SvgCanvas.N(centre)}\" y=\"{Plot.Bottom + 36}\" text-anchor=\"middle\" fill=\"{SvgCanvas.Muted}\">{side.Count:N0} values</text>");
        var sketch = side.Sketch;
        if (sketch.Count == 0)
        {
            svg.Append(Invariant, $"<text class=\"no-values\" x=\"{SvgCanvas.N(centre)}\" y=\"{SvgCanvas.N(Plot.Top + (Plot.Height / 2))}\" text-anchor=\"middle\" fill=\"{SvgCanvas.Muted}\">no values</text>");
            return;
        }

        var values = sketch.ToArray();
        var (q1, q3) = (Percentiles.OfSorted(values, 25, PercentileMethod.Inclusive), Percentiles.OfSorted(values, 75, PercentileMethod.Inclusive));
        var median = side.Median ?? Percentiles.MedianOfSorted(values);
        var (boxLeft, boxRight) = (centre - BoxWidth - 10, centre - 10);
        var whisker = SvgCanvas.N(boxLeft + (BoxWidth / 2));
        svg.Append(Invariant, $"<g class=\"side side-{SvgCanvas.E(name)}\" stroke=\"{side.Colour}\">")
            .Append(Invariant, $"<line class=\"whisker\" x1=\"{whisker}\" x2=\"{whisker}\" y1=\"{SvgCanvas.N(y(values[^1]))}\" y2=\"{SvgCanvas.N(y(values[0]))}\" stroke-width=\"1.5\"/>")
            .Append(Invariant, $"<line x1=\"{SvgCanvas.N(boxLeft + 25)}\" x2=\"{SvgCanvas.N(boxRight - 25)}\" y1=\"{SvgCanvas.N(y(values[^1]))}\" y2=\"{SvgCanvas.N(y(values[^1]))}\" stroke-width=\"1.5\"/>")
            .Append(Invariant, $"<line x1=\"{SvgCanvas.N(boxLeft + 25)}\" x2=\"{SvgCanvas.N(boxRight - 25)}\" y1=\"{SvgCanvas.N(y(values[0]))}\" y2=\"{SvgCanvas.N(y(values[0]))}\" stroke-width=\"1.5\"/>")
            .Append(Invariant, $"<rect class=\"box\" x=\"{SvgCanvas.N(boxLeft)}\" y=\"{SvgCanvas.N(y(q3))}\" width=\"{BoxWidth}\" height=\"{SvgCanvas.N(Math.Max(1, y(q1) - y(q3)))}\" fill=\"{side.Colour}\" fill-opacity=\"0.18\" stroke-width=\"1.5\"><title>{SvgCanvas.E(name)}: quartiles {SvgCanvas.E(Text(q1))} to {SvgCanvas.E(Text(q3))}{SvgCanvas.E(unit)}, lowest {SvgCanvas.E(Text(values[0]))}, highest {SvgCanvas.E(Text(values[^1]))}</title></rect>")
            .Append(Invariant, $"<line class=\"median\" x1=\"{SvgCanvas.N(boxLeft)}\" x2=\"{SvgCanvas.N(boxRight)}\" y1=\"{SvgCanvas.N(y(median))}\" y2=\"{SvgCanvas.N(y(median))}\" stroke-width=\"4\"/>");

        // The strip: each value of the sketch as a dot, spread across the strip by the golden ratio so that equal values stay apart.
        var path = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            var x = centre + 8 + (StripWidth * ((i * 0.6180339887) % 1));
            path.Append(Invariant, $"M{SvgCanvas.N(x)} {SvgCanvas.N(y(values[i]))}h0");
        }

        svg.Append(Invariant, $"<path class=\"values\" d=\"{path}\" stroke-width=\"6\" stroke-linecap=\"round\" fill=\"none\" opacity=\"0.55\"/></g>")
            .Append(Invariant, $"<text class=\"median-label\" x=\"{SvgCanvas.N(boxLeft - 8)}\" y=\"{SvgCanvas.N(y(median) + 4)}\" text-anchor=\"end\" font-weight=\"600\" fill=\"{SvgCanvas.Ink}\">median {SvgCanvas.E(Text(median))}{SvgCanvas.E(unit)}</text>");
    }

    // Where the baseline's median lands when moved by the shift's interval (and its estimate), when the comparison computed one.
    private static (double Low, double High, double? Estimate)? Interval(DistributionPair pair) =>
        pair.Baseline.Median is { } median && pair.ShiftLower is { } lower && pair.ShiftUpper is { } upper && double.IsFinite(lower) && double.IsFinite(upper)
            ? (median + lower, median + upper, pair.Shift is { } shift ? median + shift : null)
            : null;

    private static string Text(double? value) => value is { } v ? SvgCanvas.Number(v) : "-";
}
