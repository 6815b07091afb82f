using System.Management.Automation;
using ChaosPixie.Engine.Experiments;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Validation;
using ChaosPixie.PowerShell.Experiments;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// `chaos validate` for PowerShell: loads each experiment and runs upstream's checks plus ChaosPixie's stricter
/// ones. Writes one [bool] per file (problems go to the verbose and warning streams), or with -Detailed one
/// ExperimentProblem per problem.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ChaosExperiment", DefaultParameterSetName = PathSet)]
[OutputType(typeof(bool))]
[OutputType(typeof(ExperimentProblem))]
public sealed class TestChaosExperimentCommand : CancellableCmdlet
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

    /// <summary>The Python 3 interpreter that imports the python modules chaostoolkit-pixie does not provide.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PythonPath { get; set; }

    /// <summary>Write one object per problem instead of a [bool].</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var file in FileSystemPaths.ResolveAll(this, literal ? LiteralPath : Path, literal, PathError))
        {
            Test(file);
        }
    }

    private static ErrorRecord PathError(string path, PathResolution resolution) =>
        resolution.Problem == PathProblem.NotFileSystem
            ? Errors.Create(ErrorIds.ExperimentPathNotFileSystem, ErrorCategory.InvalidArgument, path, $"The path '{path}' is on the {resolution.ProviderName} provider; experiments are files: give a file system path.")
            : NotFound(path, $"Cannot find the experiment file '{path}'.");

    private void Test(string file)
    {
        IReadOnlyList<ExperimentProblem> problems;
        try
        {
            var document = ExperimentLoader.Load(file);
            var directory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            using var python = PythonSetup.Open(this, PythonPath, directory, out var pythonError);
            if (pythonError is not null)
            {
                ThrowTerminatingError(pythonError);
            }

            var options = new ExperimentValidationOptions { WorkingDirectory = directory, Python = python, Cancellation = StopToken };
            problems = ExperimentValidator.Validate(document.Root, options)
                .Select(p => new ExperimentProblem(file, p.Message, p.JsonPath, Source(p.IsUpstream), p.Severity == ValidationSeverity.Error ? ExperimentProblemSeverity.Error : ExperimentProblemSeverity.Warning))
                .ToList();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            // Ctrl+C while a Python module was being imported: the bridge has been ended.
            throw new PipelineStoppedException();
        }
        catch (ExperimentException e) when (e.Kind == ExperimentErrorKind.NotFound)
        {
            WriteError(NotFound(file, e.Message));
            return;
        }
        catch (ExperimentException e)
        {
            // A file that does not load is an invalid experiment, reported like any other problem.
            problems = [new ExperimentProblem(file, e.Message, e.JsonPath ?? "$", Source(e.IsUpstream), ExperimentProblemSeverity.Error)];
        }

        if (Detailed)
        {
            foreach (var problem in problems)
            {
                WriteObject(problem);
            }

            return;
        }

        foreach (var problem in problems)
        {
            if (problem.Severity == nameof(ExperimentProblemSeverity.Error))
            {
                WriteVerbose($"{file}: {problem.JsonPath}: {problem.Message}");
            }
            else
            {
                WriteWarning($"{file}: {problem.JsonPath}: {problem.Message}");
            }
        }

        WriteObject(problems.All(p => p.Severity != nameof(ExperimentProblemSeverity.Error)));
    }

    private static ExperimentProblemSource Source(bool isUpstream) => isUpstream ? ExperimentProblemSource.Upstream : ExperimentProblemSource.ChaosPixie;

    private static ErrorRecord NotFound(string path, string reason) =>
        Errors.Create(ErrorIds.ExperimentNotFound, ErrorCategory.ObjectNotFound, path, $"{reason} Give the path of a .json, .yaml or .yml experiment file (-LiteralPath for a name with wildcard characters).");
}
