using System.Globalization;
using System.Net;
using System.Text;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// What every chart of the reports shares: the root element (a viewBox that scales to the page's width, a title for
/// screen readers), a value axis with round grid lines, a UTC time axis, legend entries, and the rules that keep the
/// markup safe: coordinates in the invariant culture (a decimal comma would break them) and every text escaped. No
/// script, link or font is ever written, since the pages' Content-Security-Policy allows none.
/// </summary>
internal sealed class SvgCanvas
{
    public const string Ink = "#1f2328";
    public const string Muted = "#57606a";
    public const string Grid = "#d0d7de";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public SvgCanvas(double width, double height, PlotArea plot, string cssClass, string title)
    {
        Width = width;
        Height = height;
        Plot = plot;
        Builder.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" class=\"{cssClass}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">")
            .Append(Invariant, $"<title>{E(title)}</title>");
    }

    public double Width { get; }

    public double Height { get; }

    public PlotArea Plot { get; }

    /// <summary>The markup so far; elements are appended with <c>Append(CultureInfo.InvariantCulture, $"...")</c>.</summary>
    public StringBuilder Builder { get; } = new();

    /// <summary>A grid line and a label at each step of <paramref name="scale"/>, and the unit (or the column's name) above the labels.</summary>
    public void ValueAxis(AxisScale scale, Func<double, double> y, string label)
    {
        foreach (var value in scale.Ticks)
        {
            var at = y(value);
            Builder.Append(Invariant, $"<line x1=\"{Plot.Left}\" x2=\"{Plot.Right}\" y1=\"{N(at)}\" y2=\"{N(at)}\" stroke=\"{Grid}\" stroke-width=\"1\"/>")
                .Append(Invariant, $"<text x=\"{Plot.Left - 6}\" y=\"{N(at + 4)}\" text-anchor=\"end\" fill=\"{Muted}\">{E(Number(value))}</text>");
        }

        Builder.Append(Invariant, $"<text x=\"{Plot.Left - 6}\" y=\"{Plot.Top - 14}\" text-anchor=\"end\" fill=\"{Muted}\">{E(label)}</text>");
    }

    /// <summary>Five ticks from <paramref name="first"/> to <paramref name="last"/> (Unix nanoseconds), in UTC, with the date when they span a day or more.</summary>
    public void TimeAxis(long first, long last, Func<long, double> x)
    {
        var withDate = last - first >= 86_400_000_000_000L;
        for (var i = 0; i <= 4; i++)
        {
            var time = first + ((last - first) / 4 * i);
            var at = x(time);
            var label = DateTime.UnixEpoch.AddTicks(time / 100).ToString(withDate ? "MM-dd HH:mm" : "HH:mm:ss", Invariant);
            Builder.Append(Invariant, $"<line x1=\"{N(at)}\" x2=\"{N(at)}\" y1=\"{Plot.Bottom}\" y2=\"{Plot.Bottom + 5}\" stroke=\"{Muted}\"/>")
                .Append(Invariant, $"<text x=\"{N(at)}\" y=\"{Plot.Bottom + 18}\" text-anchor=\"{(i == 0 ? "start" : i == 4 ? "end" : "middle")}\" fill=\"{Muted}\">{label}{(i == 4 ? " UTC" : string.Empty)}</text>");
        }

        BaseLine();
    }

    /// <summary>The plot's bottom edge.</summary>
    public void BaseLine() =>
        Builder.Append(Invariant, $"<line x1=\"{Plot.Left}\" x2=\"{Plot.Right}\" y1=\"{Plot.Bottom}\" y2=\"{Plot.Bottom}\" stroke=\"{Muted}\"/>");

    /// <summary>A legend entry at the top: a round swatch, or a dashed line, and its text; returns where the next one goes.</summary>
    public double Legend(double x, string colour, string text, bool dashed = false)
    {
        if (dashed)
        {
            Builder.Append(Invariant, $"<line x1=\"{N(x)}\" x2=\"{N(x + 16)}\" y1=\"14\" y2=\"14\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>");
        }
        else
        {
            Builder.Append(Invariant, $"<rect x=\"{N(x + 2)}\" y=\"8\" width=\"12\" height=\"12\" rx=\"6\" fill=\"{colour}\"/>");
        }

        Builder.Append(Invariant, $"<text x=\"{N(x + 22)}\" y=\"18\" fill=\"{Ink}\">{E(text)}</text>");
        // About 6.5 units a character at this size, and a gap.
        return x + 22 + (text.Length * 6.5) + 24;
    }

    public string Close() => Builder.Append("</svg>").ToString();

    /// <summary>A coordinate: at most one decimal, invariant.</summary>
    public static string N(double value) => value.ToString("0.#", Invariant);

    /// <summary>A value as a label shows it: at most three decimals, invariant.</summary>
    public static string Number(double value) => value.ToString("0.###", Invariant);

    /// <summary>Text escaped for element content and quoted attributes.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}

/// <summary>Where a chart draws its data, in viewBox units: the edges of the plot inside the margins for the axes.</summary>
internal readonly record struct PlotArea(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;
}
