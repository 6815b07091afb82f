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
        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var file in Resolve(path, literal))
            {
                Read(file);
            }
        }
    }

    private IReadOnlyList<string> Resolve(string path, bool literal)
    {
        var resolution = FileSystemPaths.Resolve(this, path, literal);
        switch (resolution.Problem)
        {
            case PathProblem.NotFileSystem:
                WriteError(Errors.Create(ErrorIds.PathNotFileSystem, ErrorCategory.InvalidArgument, path, $"'{path}' is on the {resolution.ProviderName} provider, not the file system.", "Give the path of a .pxl file."));
                break;
            case PathProblem.NotFound:
                WriteError(Errors.Create(ErrorIds.ScriptFileNotFound, ErrorCategory.ObjectNotFound, path, $"Cannot find the PxL script '{path}'.", "Check the path; -Path accepts wildcards, -LiteralPath takes the name as written."));
                break;
        }

        return resolution.Files;
    }

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
