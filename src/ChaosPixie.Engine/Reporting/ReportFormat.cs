namespace ChaosPixie.Engine.Reporting;

/// <summary>The report's output: one self-contained HTML page, or GitHub / Azure DevOps flavoured Markdown.</summary>
public enum ReportFormat
{
    Html,
    Markdown,
}
