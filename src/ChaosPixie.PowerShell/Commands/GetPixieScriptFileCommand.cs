using System.Management.Automation;
using ChaosPixie.Engine.Pixie.Scripts;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Reads PxL scripts from files or script folders, with the tables they produce (px.display names, or the vis.json's
/// output names) and their vis.json variables.
/// </summary>
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
            var name = System.IO.Path.GetFileName(file);
            var script = Directory.Exists(file) ? PixieScriptBundle.ReadScriptFolder(file, name) : PixieScriptBundle.ReadScriptFile(file, name);
            WriteObject(new PixieScriptFile(script.Source, name, script.Pxl, script.TableNames) { Variables = script.Variables });
        }
        catch (PixieScriptException e)
        {
            WriteError(PixieScriptSelection.ToErrorRecord(e));
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
