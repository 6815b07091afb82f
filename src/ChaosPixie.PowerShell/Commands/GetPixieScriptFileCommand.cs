using System.Management.Automation;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>Reads PxL scripts from files, with the table names their px.display calls produce.</summary>
[Cmdlet(VerbsCommon.Get, "PixieScriptFile", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PixieScriptFile))]
public sealed class GetPixieScriptFileCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

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

    private static ErrorRecord PathError(string path, PathResolution resolution) =>
        resolution.Problem == PathProblem.NotFileSystem
            ? Errors.Create(ErrorIds.PathNotFileSystem, ErrorCategory.InvalidArgument, path, $"'{path}' is on the {resolution.ProviderName} provider, not the file system.", "Give the path of a .pxl file.")
            : Errors.Create(ErrorIds.ScriptFileNotFound, ErrorCategory.ObjectNotFound, path, $"Cannot find the PxL script '{path}'.", "Check the path; -Path accepts wildcards, -LiteralPath takes the name as written.");

    private void Read(string file)
    {
        try
        {
            var text = File.ReadAllText(file);
            WriteObject(new PixieScriptFile(file, System.IO.Path.GetFileName(file), text, PxlScript.GetDisplayedTableNames(text)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var category = e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError;
            var notFound = e is FileNotFoundException or DirectoryNotFoundException;
            WriteError(Errors.Create(
                notFound ? ErrorIds.ScriptFileNotFound : ErrorIds.ScriptFileUnreadable,
                notFound ? ErrorCategory.ObjectNotFound : category,
                file,
                $"Cannot read the PxL script '{file}': {e.Message}",
                innerException: e));
        }
    }
}
