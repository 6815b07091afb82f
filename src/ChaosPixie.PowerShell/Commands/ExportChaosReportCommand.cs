using System.Management.Automation;
using System.Text;
using ChaosPixie.Engine.Reporting;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Turns journals, and comparisons or per-group tolerances beside them, into one report: a self-contained HTML page
/// (default) or Markdown. Everything is gathered from every input and the report is written once, at the end: to
/// -OutputPath (the FileInfo is output) or, without a path, to the pipeline as one string. A journal that cannot be
/// read is an error for that journal only.
/// </summary>
/// <remarks>
/// The default set is the one of -InputObject, whose type binds Compare-SteadyState's and Test-PercentileBelow's
/// results from the pipeline by type; strings still bind to -Path, files and run results to -LiteralPath by property
/// name. Were -Path's set the default, a piped result would be turned into a string and bound as a path too.
/// </remarks>
[Cmdlet(VerbsData.Export, "ChaosReport", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string))]
[OutputType(typeof(FileInfo))]
public sealed class ExportChaosReportCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly List<JournalReport> _reports = [];
    private readonly List<IJudgement> _judgements = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files from Get-ChildItem bind through PSPath, and Invoke-ChaosExperiment's results through JournalPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "JournalPath")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Compare-SteadyState's results and Test-PercentileBelow/Above -GroupBy -Detailed's, shown after the journals.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IJudgement[] InputObject { get; set; } = [];

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

    // Values given on the command line stay bound for every pipeline object, so they are taken once, at the start;
    // a value bound from the pipeline goes back to its default before the next object is bound.
    private bool _pathsGiven;
    private bool _inputGiven;

    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        _pathsGiven = bound.ContainsKey(nameof(Path)) || bound.ContainsKey(nameof(LiteralPath));
        _inputGiven = bound.ContainsKey(nameof(InputObject));
        if (_pathsGiven)
        {
            ReadPaths();
        }

        if (_inputGiven)
        {
            _judgements.AddRange(InputObject);
        }
    }

    protected override void ProcessRecord()
    {
        if (!_inputGiven)
        {
            _judgements.AddRange(InputObject);
        }

        if (!_pathsGiven && ParameterSetName != InputObjectSet)
        {
            ReadPaths();
        }
    }

    private void ReadPaths()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var file in FileSystemPaths.ResolveAll(this, literal ? LiteralPath : Path, literal, PathError))
        {
            Read(file);
        }
    }

    protected override void EndProcessing()
    {
        if (_reports.Count == 0 && _judgements.Count == 0)
        {
            return;
        }

        var format = Format.Equals("Markdown", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Markdown : ReportFormat.Html;
        var text = ReportWriter.Write(_reports, _judgements, format, Title);
        if (OutputPath is null)
        {
            WriteObject(text);
            return;
        }

        var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputPath);
        if (!ShouldProcess(target, $"Write the {Format} report of {Count(_reports.Count, "journal")}{(_judgements.Count > 0 ? $" and {Count(_judgements.Count, "judgement")}" : string.Empty)}"))
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

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";

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
