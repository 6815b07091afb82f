using System.Globalization;
using System.Text;
using ChaosPixie.Engine.Reporting.Svg;

namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// The HTML articles of comparisons and per-group tolerances given beside the journals (Compare-SteadyState's and
/// Test-PercentileBelow -GroupBy's results): the verdict as the runs show theirs, the figures, a table of the groups
/// (failing first, as the results order them) and the pictures of the distributions.
/// </summary>
internal sealed class JudgementArticles
{
    // A comparison of many groups draws the first few (the failing ones come first); the table lists them all.
    private const int MaxGroupPictures = 6;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _html;

    private JudgementArticles(StringBuilder html) => _html = html;

    public static void Write(StringBuilder html, IReadOnlyList<IJudgement> judgements)
    {
        var writer = new JudgementArticles(html);
        for (var i = 0; i < judgements.Count; i++)
        {
            writer.Article(judgements[i], i + 1);
        }
    }

    private void Article(IJudgement judgement, int index)
    {
        _html.Append(Invariant, $"<article class=\"run judgement {HtmlReportWriter.Tone(JudgementTone.Of(judgement.Verdict))}\" id=\"judgement-{index}\">\n")
            .Append(Invariant, $"<header class=\"verdict\"><div class=\"badge\">{H(judgement.Verdict)}</div>")
            .Append(Invariant, $"<div><h1>{H(JudgementText.Title(judgement))}</h1><p class=\"meaning\">{H(judgement.Explanation)}</p></div></header>\n");
        switch (judgement)
        {
            case SteadyStateComparison comparison:
                Comparison(comparison);
                break;
            case SteadyStateGroupComparison groups:
                GroupComparison(groups);
                break;
            case ToleranceGroupResult groups:
                GroupTolerance(groups);
                break;
        }

        _html.Append("</article>\n");
    }

    private void Comparison(SteadyStateComparison c)
    {
        _html.Append("<dl class=\"facts\">");
        Fact("Values (baseline / candidate)", JudgementText.Counts(c));
        Fact("Median baseline", JudgementText.Median(c, candidate: false));
        Fact("Median candidate", JudgementText.Median(c, candidate: true));
        Fact("Shift", JudgementText.Shift(c));
        Fact("Mean ratio", c.MeanRatio is { } ratio ? ratio.ToString("0.###", Invariant) : "-");
        Fact("p-value", JudgementText.PValue(c));
        Fact("Direction that fails", c.Direction);
        if (c.NaNLeftOut > 0)
        {
            Fact("NaN left out", c.NaNLeftOut.ToString(Invariant));
        }

        _html.Append("</dl>\n<section>\n");
        ComparisonSection.Figure(_html, DistributionPair.From(c, c.Column ?? "values"));
        _html.Append("</section>\n");
    }

    private void GroupComparison(SteadyStateGroupComparison g)
    {
        GroupTable(g.GroupBy, g.Requirement, g.FailedGroups, [("Groups", g.GroupCount.ToString(Invariant)), ("Confidence per group", string.Create(Invariant, $"{g.ConfidenceLevel * 100:0.###}%"))],
            "<th class=\"num\">Median baseline</th><th class=\"num\">Median candidate</th><th>Shift</th><th class=\"num\">p-value</th><th class=\"num\">Values</th>");
        GroupRows(g.Groups, c => (c.Group, c.Verdict,
            $"<td class=\"num\">{H(JudgementText.Median(c, candidate: false))}</td><td class=\"num\">{H(JudgementText.Median(c, candidate: true))}</td><td>{H(JudgementText.Shift(c))}</td><td class=\"num\">{H(JudgementText.PValue(c))}</td><td class=\"num\">{H(JudgementText.Counts(c))}</td>"));
        _html.Append("<section>\n<h2>Distributions</h2>\n");
        foreach (var c in g.Groups.Take(MaxGroupPictures))
        {
            ComparisonSection.Figure(_html, DistributionPair.From(c, $"{g.GroupBy} {c.Group}: {c.Column ?? "values"}"));
        }

        if (g.GroupCount > MaxGroupPictures)
        {
            _html.Append(Invariant, $"<p class=\"note\">The first {MaxGroupPictures} groups of the table are drawn; the other {g.GroupCount - MaxGroupPictures} are in the table.</p>\n");
        }

        _html.Append("</section>\n");
    }

    private void GroupTolerance(ToleranceGroupResult g)
    {
        GroupTable(g.GroupBy, g.Requirement, g.FailedGroups, [("Groups", g.GroupCount.ToString(Invariant))],
            "<th class=\"num\">Measured</th><th>Tolerance</th><th class=\"num\">Samples</th><th>Explanation</th>");
        GroupRows(g.Groups, r => (r.Group, r.Verdict, string.Create(Invariant,
            $"<td class=\"num\"><strong>{H(r.Measured)}</strong></td><td class=\"mono\">{H(r.Expectation)}</td><td class=\"num\">{r.SampleCount}</td><td>{H(r.Explanation)}</td>")));
    }

    // The facts of a per-group verdict, then the opening of its table of groups (the results order them failing first).
    private void GroupTable(string groupBy, string requirement, IReadOnlyList<string> failed, (string Name, string Value)[] more, string headings)
    {
        _html.Append("<dl class=\"facts\">");
        Fact("Grouped by", groupBy);
        Fact("Requirement", requirement);
        Fact("Failing", failed.Count == 0 ? "none" : string.Join(", ", failed));
        foreach (var (name, value) in more)
        {
            Fact(name, value);
        }

        _html.Append(Invariant, $"</dl>\n<section>\n<h2>Groups, failing first</h2>\n<table>\n<tr><th>Group</th><th>Verdict</th>{headings}</tr>\n");
    }

    // A row per group, in the result's order: the group, its verdict, then the cells the result's kind shows.
    private void GroupRows<T>(IEnumerable<T> groups, Func<T, (string? Group, string Verdict, string Cells)> row)
    {
        foreach (var (group, verdict, cells) in groups.Select(row))
        {
            _html.Append(Invariant, $"<tr class=\"{Row(verdict)}\"><td class=\"name\"><strong>{H(group)}</strong></td><td>{Chip(verdict)}</td>{cells}</tr>\n");
        }

        _html.Append("</table>\n</section>\n");
    }

    private void Fact(string name, string value) =>
        _html.Append(Invariant, $"<div><dt>{H(name)}</dt><dd>{H(value)}</dd></div>");

    private static string Chip(string verdict) => $"<span class=\"chip {HtmlReportWriter.Tone(JudgementTone.Of(verdict))}\">{H(verdict)}</span>";

    private static string Row(string verdict) => JudgementTone.Of(verdict) switch
    {
        VerdictTone.Passed => "passed",
        VerdictTone.Failed => "missed",
        _ => "inconclusive",
    };

    private static string H(string? text) => HtmlReportWriter.H(text);
}
