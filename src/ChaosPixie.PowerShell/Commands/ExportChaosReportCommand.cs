using System.Management.Automation;
using System.Text;
using ChaosPixie.Engine.Reporting;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Turns journals into one report: a self-contained HTML page (default) or Markdown. Journals are gathered from
/// every input and the report is written once, at the end: to -OutputPath (the FileInfo is output) or, without a
/// path, to the pipeline as one string. A journal that cannot be read is an error for that journal only.
/// </summary>
[Cmdlet(VerbsData.Export, "ChaosReport", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string))]
[OutputType(typeof(FileInfo))]
public sealed class ExportChaosReportCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly List<JournalReport> _reports = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files from Get-ChildItem bind through PSPath, and Invoke-ChaosExperiment's results through JournalPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "JournalPath")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Html (default) or Markdown. A string, not the engine's enum: PowerShell loads cmdlet types before the engine can be resolved.</summary>
    [Parameter]
    [ValidateSet("Html", "Markdown")]
    public string Format { get; set; } = "Html";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var file in FileSystemPaths.ResolveAll(this, literal ? LiteralPath : Path, literal, PathError))
        {
            Read(file);
        }
    }

    protected override void EndProcessing()
    {
        if (_reports.Count == 0)
        {
            return;
        }

        var format = Format.Equals("Markdown", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Markdown : ReportFormat.Html;
        var text = ReportWriter.Write(_reports, format, Title);
        if (OutputPath is null)
        {
            WriteObject(text);
            return;
        }

        var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputPath);
        if (!ShouldProcess(target, $"Write the {Format} report of {_reports.Count} journal{(_reports.Count == 1 ? string.Empty : "s")}"))
        {
            return;
        }

        try
        {
            File.WriteAllText(target, text, Utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(Errors.Create(ErrorIds.ReportOutputFailed, ErrorCategory.WriteError, OutputPath,
                $"Cannot write the report to '{target}': {e.Message} Give -OutputPath a file in an existing folder that you can write to.", innerException: e));
        }

        WriteObject(new FileInfo(target));
    }

    private static ErrorRecord PathError(string path, PathResolution resolution) =>
        resolution.Problem == PathProblem.NotFileSystem
            ? Errors.Create(ErrorIds.ReportJournalPathNotFileSystem, ErrorCategory.InvalidArgument, path,
                $"The path '{path}' is on the {resolution.ProviderName} provider; journals are files: give a file system path.")
            : NotFound(path);

    private void Read(string file)
    {
        if (!File.Exists(file))
        {
            WriteError(Directory.Exists(file)
                ? Errors.Create(ErrorIds.ReportJournalUnreadable, ErrorCategory.InvalidArgument, file, $"'{file}' is a folder. Give the journal files in it, for example '{System.IO.Path.Combine(file, "*.json")}'.")
                : NotFound(file));
            return;
        }

        try
        {
            _reports.Add(JournalParser.Parse(File.ReadAllText(file), file));
        }
        catch (ReportException e)
        {
            var id = e.Kind == ReportErrorKind.InvalidJson ? ErrorIds.ReportJournalInvalidJson : ErrorIds.ReportNotAJournal;
            WriteError(Errors.Create(id, ErrorCategory.InvalidData, file, e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(Errors.Create(ErrorIds.ReportJournalUnreadable, ErrorCategory.ReadError, file, $"Cannot read the journal '{file}': {e.Message}", innerException: e));
        }
    }

    private static ErrorRecord NotFound(string path) =>
        Errors.Create(ErrorIds.ReportJournalNotFound, ErrorCategory.ObjectNotFound, path,
            $"Cannot find the journal file '{path}'. Give the path of a journal.json that Invoke-ChaosExperiment or chaos run wrote (-LiteralPath for a name with wildcard characters).");
}
