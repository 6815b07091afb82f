namespace ChaosPixie.Engine.Reporting;

/// <summary>Renders journals into one report, in the format asked for.</summary>
public static class ReportWriter
{
    /// <param name="reports">The journals, in the order they should appear.</param>
    /// <param name="title">The page's title; by default the experiment's title for one journal, else a generic one.</param>
    public static string Write(IReadOnlyList<JournalReport> reports, ReportFormat format, string? title = null, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var heading = title ?? (reports.Count == 1 ? $"{reports[0].Verdict.Label}: {reports[0].Title}" : "Chaos experiments report");
        var at = generated ?? DateTimeOffset.UtcNow;
        return format == ReportFormat.Markdown
            ? MarkdownReportWriter.Write(reports, heading, at)
            : HtmlReportWriter.Write(reports, heading, at);
    }
}
