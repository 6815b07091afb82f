using System.Globalization;
using System.Text;
using ChaosPixie.Engine.Reporting.Svg;

namespace ChaosPixie.Engine.Reporting;

/// <summary>The HTML figures of before/after comparisons: each pair of distributions as a picture, captioned with its verdict.</summary>
internal static class ComparisonSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A run's section of its baseline tolerances' Mann-Whitney judgements; nothing when it has none.</summary>
    public static void Write(StringBuilder html, IReadOnlyList<DistributionPair> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>Before and after compared</h2>\n");
        foreach (var pair in pairs)
        {
            Figure(html, pair);
        }

        html.Append("</section>\n");
    }

    public static void Figure(StringBuilder html, DistributionPair pair)
    {
        var unit = pair.Unit is null ? string.Empty : $", in {HtmlReportWriter.H(pair.Unit)}";
        html.Append(Invariant, $"<figure class=\"comparison\" style=\"margin:0 0 1.5em\"><figcaption><span class=\"chip {HtmlReportWriter.Tone(JudgementTone.Of(pair.Verdict))}\">{HtmlReportWriter.H(pair.Verdict)}</span> ")
            .Append(Invariant, $"<strong>{HtmlReportWriter.H(pair.Title)}</strong>: {HtmlReportWriter.H(pair.Candidate.Name)} against {HtmlReportWriter.H(pair.Baseline.Name)}{unit}</figcaption>\n")
            .Append(DistributionChart.Svg(pair))
            .Append("\n</figure>\n");
    }
}
