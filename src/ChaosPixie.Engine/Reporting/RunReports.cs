using System.Text;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.History;

namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// What a caller's runs leave besides their journals: one JUnit file for every experiment (or steady-state check) run
/// so far (rewritten after each), and for Azure Pipelines a Markdown summary beside the journal with the logging commands that announce it.
/// Written from each run's journal, also after an interruption; a file that cannot be written is reported in the
/// result, never thrown.
/// </summary>
public sealed class RunReports
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly List<JUnitSuite> _suites = [];
    private readonly string _title;

    /// <param name="junitPath">The full path of the JUnit file; null writes none.</param>
    /// <param name="azurePipelines">True to write the summary and make the Azure Pipelines lines.</param>
    public RunReports(string? junitPath, bool azurePipelines)
        : this(junitPath, azurePipelines, JUnitWriter.Experiments)
    {
    }

    private RunReports(string? junitPath, bool azurePipelines, string title)
    {
        JUnitPath = junitPath;
        AzurePipelines = azurePipelines;
        _title = title;
    }

    public string? JUnitPath { get; }

    public bool AzurePipelines { get; }

    /// <summary>The reports of a caller's steady-state checks (<see cref="Write(SteadyStateCheckResult, string)"/>).</summary>
    public static RunReports ForChecks(string? junitPath, bool azurePipelines) => new(junitPath, azurePipelines, CheckJUnitSuite.Title);

    /// <summary>Writes the reports of one more run, whose journal is <paramref name="journal"/>, written (or not) to <paramref name="journalPath"/>.</summary>
    public RunReportsWritten Write(JsonObject journal, string? journalPath, string experimentPath)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _suites.Add(JUnitSuite.From(journal));
        var junitError = WriteJUnit();
        if (!AzurePipelines)
        {
            return new RunReportsWritten(junitError, null, null, []);
        }

        var report = JournalParser.Parse(journal, journalPath ?? experimentPath);
        var lines = new List<string>(AzurePipelinesRun.Issues(report, experimentPath));
        string? summary = null;
        Exception? summaryError = null;
        if (journalPath is not null)
        {
            summary = Path.ChangeExtension(journalPath, ".md");
            summaryError = TryWrite(summary, ReportWriter.Write([report], ReportFormat.Markdown));
            if (summaryError is null)
            {
                lines.Add(AzurePipelinesCommands.UploadSummary(summary));
            }
        }

        lines.Add(AzurePipelinesRun.Complete(report));
        return new RunReportsWritten(junitError, summary, summaryError, lines);
    }

    /// <summary>
    /// Writes the reports of one more steady-state check, once its drift is judged: its suite in the JUnit file (a
    /// case per probe), and for Azure Pipelines an issue per probe that is not Steady and the task result.
    /// </summary>
    public RunReportsWritten Write(SteadyStateCheckResult check, string checkPath)
    {
        ArgumentNullException.ThrowIfNull(check);
        _suites.Add(CheckJUnitSuite.From(check));
        return new RunReportsWritten(WriteJUnit(), null, null, AzurePipelines ? [.. CheckAzurePipelines.Lines(check, checkPath)] : []);
    }

    /// <summary>The Azure Pipelines lines for an experiment that could not run (not found, invalid, bad variables).</summary>
    public static IReadOnlyList<string> CouldNotRun(string experimentPath, string errorId, string message) =>
    [
        AzurePipelinesCommands.LogIssue(true, experimentPath, errorId, message),
        AzurePipelinesCommands.Complete(AzurePipelinesResult.Failed, $"The experiment could not run: {errorId}"),
    ];

    private Exception? WriteJUnit() => JUnitPath is null ? null : TryWrite(JUnitPath, JUnitWriter.Write(_suites, _title));

    private static Exception? TryWrite(string path, string text)
    {
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, text, Utf8);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return e;
        }
    }
}
