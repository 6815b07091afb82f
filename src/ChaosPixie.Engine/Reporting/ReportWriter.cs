namespace ChaosPixie.Engine.Reporting;

/// <summary>Renders journals, and comparisons or per-group tolerances given beside them, into one report, in the format asked for.</summary>
public static class ReportWriter
{
    /// <param name="reports">The journals, in the order they should appear.</param>
    /// <param name="title">The page's title; by default the experiment's title for one journal, else a generic one.</param>
    public static string Write(IReadOnlyList<JournalReport> reports, ReportFormat format, string? title = null, DateTimeOffset? generated = null) =>
        Write(reports, [], format, title, generated);

    /// <param name="reports">The journals, in the order they should appear.</param>
    /// <param name="judgements">Comparisons and per-group tolerances, shown after the journals in the order given.</param>
    /// <param name="title">The page's title; by default the verdict and title of the one journal or judgement, else a generic one.</param>
    public static string Write(IReadOnlyList<JournalReport> reports, IReadOnlyList<IJudgement> judgements, ReportFormat format, string? title = null, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(judgements);
        var heading = title ?? (reports.Count, judgements.Count) switch
        {
            (1, 0) => $"{reports[0].Verdict.Label}: {reports[0].Title}",
            (0, 1) => $"{judgements[0].Verdict}: {JudgementText.Title(judgements[0])}",
            (0, _) => "Steady-state judgements report",
            _ => "Chaos experiments report",
        };
        var at = generated ?? DateTimeOffset.UtcNow;
        return format == ReportFormat.Markdown
            ? MarkdownReportWriter.Write(reports, judgements, heading, at)
            : HtmlReportWriter.Write(reports, judgements, heading, at);
    }
}
