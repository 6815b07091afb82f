using System.Globalization;
using System.Text;

namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// The Markdown of comparisons and per-group tolerances given beside the journals: a heading with the verdict, the
/// explanation, and a table of the figures or of the groups (failing first). Markdown has no pictures; the HTML report
/// draws the distributions.
/// </summary>
internal static class MarkdownJudgements
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(StringBuilder md, IReadOnlyList<IJudgement> judgements, string h1)
    {
        foreach (var judgement in judgements)
        {
            md.Append(Invariant, $"{h1} {Icon(judgement.Verdict)} {M(judgement.Verdict)}: {M(JudgementText.Title(judgement))}\n\n")
                .Append(Invariant, $"> **{M(judgement.Verdict)}**: {M(judgement.Explanation)}\n\n");
            switch (judgement)
            {
                case SteadyStateComparison c:
                    md.Append("| Values (baseline / candidate) | Median baseline | Median candidate | Shift | Mean ratio | p-value |\n| ---: | ---: | ---: | --- | ---: | ---: |\n")
                        .Append(Invariant, $"| {M(JudgementText.Counts(c))} | {M(JudgementText.Median(c, false))} | {M(JudgementText.Median(c, true))} | {M(JudgementText.Shift(c))} | {M(c.MeanRatio is { } ratio ? ratio.ToString("0.###", Invariant) : "-")} | {M(JudgementText.PValue(c))} |\n\n");
                    break;
                case SteadyStateGroupComparison g:
                    Groups(md, g.GroupBy, "| Median baseline | Median candidate | Shift | p-value | Values |", " ---: | ---: | --- | ---: | ---: |", g.Groups, c => (c.Group, c.Verdict,
                        $"{M(JudgementText.Median(c, false))} | {M(JudgementText.Median(c, true))} | {M(JudgementText.Shift(c))} | {M(JudgementText.PValue(c))} | {M(JudgementText.Counts(c))}"));
                    break;
                case ToleranceGroupResult g:
                    Groups(md, g.GroupBy, "| Measured | Tolerance | Samples |", " ---: | --- | ---: |", g.Groups, r => (r.Group, r.Verdict,
                        string.Create(Invariant, $"{M(r.Measured)} | {M(r.Expectation)} | {r.SampleCount}")));
                    break;
            }
        }
    }

    // A table of the groups in the order the result gives them (failing first): the group, its verdict, then the rest.
    private static void Groups<T>(StringBuilder md, string groupBy, string headings, string alignments, IEnumerable<T> groups, Func<T, (string? Group, string Verdict, string Cells)> row)
    {
        md.Append(Invariant, $"| {M(groupBy)} | Verdict {headings}\n| --- | --- |{alignments}\n");
        foreach (var (group, verdict, cells) in groups.Select(row))
        {
            md.Append(Invariant, $"| **{M(group)}** | {Icon(verdict)} {M(verdict)} | {cells} |\n");
        }

        md.Append('\n');
    }

    private static string Icon(string verdict) => MarkdownReportWriter.Icon(JudgementTone.Of(verdict));

    private static string M(string? text) => MarkdownReportWriter.M(text);
}
