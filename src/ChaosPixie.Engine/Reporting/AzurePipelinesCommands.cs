namespace ChaosPixie.Engine.Reporting;

/// <summary>The task result an Azure Pipelines step ends with (<c>##vso[task.complete result=...]</c>).</summary>
public enum AzurePipelinesResult
{
    Succeeded,
    SucceededWithIssues,
    Failed,
}

/// <summary>
/// Azure Pipelines logging commands, one line each, escaped as azure-pipelines-task-lib escapes them: the agent
/// decodes <c>%AZP25</c>, <c>%0D</c>, <c>%0A</c> (and in properties <c>%3B</c>, <c>%5D</c>), so a value holding a
/// newline, a <c>;</c> or a <c>]</c> cannot end the command early or forge a second one.
/// </summary>
public static class AzurePipelinesCommands
{
    public static string LogIssue(bool error, string sourcePath, string code, string message) =>
        $"##vso[task.logissue type={(error ? "error" : "warning")};sourcepath={EscapeProperty(sourcePath)};code={EscapeProperty(code)}]{EscapeMessage(message)}";

    public static string UploadSummary(string path) => $"##vso[task.uploadsummary]{EscapeMessage(path)}";

    public static string Complete(AzurePipelinesResult result, string message) =>
        $"##vso[task.complete result={result};]{EscapeMessage(message)}";

    public static string EscapeMessage(string text) =>
        text.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string text) =>
        EscapeMessage(text)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal);
}
