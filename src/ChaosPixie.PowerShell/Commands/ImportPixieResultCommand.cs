using System.Management.Automation;
using ChaosPixie.Engine.Pixie.Evidence;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Reads evidence files back as the rows Invoke-PixieScript gave, of the same row types and with the same relations,
/// so the tolerance cmdlets, Compare-SteadyState and the views treat them as they would a live result. A file cut
/// short or altered stops the pipeline, even after rows were written: nothing downstream judges part of a result.
/// </summary>
[Cmdlet(VerbsData.Import, "PixieResult", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PixieRow))]
public sealed class ImportPixieResultCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files from Get-ChildItem bind through PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var file in FileSystemPaths.ResolveAll(this, literal ? LiteralPath : Path, literal, PathError))
        {
            Read(file);
        }
    }

    private void Read(string file)
    {
        if (!File.Exists(file))
        {
            WriteError(Directory.Exists(file)
                ? Errors.Create(ErrorIds.EvidenceUnreadable, ErrorCategory.InvalidArgument, file, $"'{file}' is a folder. Give the evidence files in it, for example '{System.IO.Path.Combine(file, "*.pxevidence.jsonl")}'.")
                : NotFound(file));
            return;
        }

        try
        {
            using var reader = new PixieEvidenceReader(file);
            foreach (var row in reader.ReadRows())
            {
                WriteObject(row);
            }

            PixieSession.Remember(reader.Queries.SelectMany(q => q.Tables).ToArray());
            WriteVerbose($"Read {reader.Queries.Sum(q => q.Tables.Count)} tables of {reader.Queries.Count} quer{(reader.Queries.Count == 1 ? "y" : "ies")} from '{file}', written by ChaosPixie {reader.ToolVersion}.");
        }
        catch (PixieEvidenceException e)
        {
            ThrowTerminatingError(EvidenceErrorRecords.From(e, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // InvalidDataException: a '.gz' file whose compressed data is damaged.
            ThrowTerminatingError(Errors.Create(ErrorIds.EvidenceUnreadable, ErrorCategory.ReadError, file, $"Cannot read the evidence file '{file}': {e.Message}", innerException: e));
        }
    }

    private static ErrorRecord PathError(string path, PathResolution resolution) =>
        resolution.Problem == PathProblem.NotFileSystem
            ? Errors.Create(ErrorIds.EvidencePathNotFileSystem, ErrorCategory.InvalidArgument, path,
                $"The path '{path}' is on the {resolution.ProviderName} provider; evidence files are files: give a file system path.")
            : NotFound(path);

    private static ErrorRecord NotFound(string path) =>
        Errors.Create(ErrorIds.EvidenceNotFound, ErrorCategory.ObjectNotFound, path,
            $"Cannot find the evidence file '{path}'. Give the path of a file that Export-PixieResult wrote (-LiteralPath for a name with wildcard characters).");
}
