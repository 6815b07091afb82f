using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Settings;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// What the cmdlets that run one experiment (Invoke-ChaosExperiment, Invoke-SteadyStateCheck) read from their
/// parameters: the one experiment file a -Path or -LiteralPath names, and the -Variable and -VariableFile overrides.
/// </summary>
internal static class ExperimentInputs
{
    /// <summary>The experiment file, or the error record that says why there is not exactly one.</summary>
    public static (string? File, ErrorRecord? Problem) ResolveOne(PSCmdlet cmdlet, string path, bool literal)
    {
        var resolution = FileSystemPaths.Resolve(cmdlet, path, literal);
        switch (resolution.Problem)
        {
            case PathProblem.NotFound:
                return (null, Errors.Create(ErrorIds.ExperimentNotFound, ErrorCategory.ObjectNotFound, path, $"Path \"{path}\" does not exist.", "Check the path of the experiment file."));
            case PathProblem.NotFileSystem:
                return (null, Errors.Create(ErrorIds.ExperimentPathNotFileSystem, ErrorCategory.InvalidArgument, path,
                    $"'{path}' is on the {resolution.ProviderName} provider; an experiment must be a file.", "Give the path of a .json, .yaml or .yml file."));
        }

        if (resolution.Files.Count != 1)
        {
            var command = cmdlet.MyInvocation.MyCommand.Name;
            return (null, Errors.Create(ErrorIds.ExperimentPathAmbiguous, ErrorCategory.InvalidArgument, path,
                $"'{path}' matches {resolution.Files.Count} files; {command} runs one experiment at a time.", $"Pipe the files in one by one: Get-ChildItem ... | {command}."));
        }

        return (resolution.Files[0], null);
    }

    /// <summary>The overrides, variable files first and then -Variable, as <c>chaos run</c> applies them. Throws ExperimentException.</summary>
    public static VariableOverrides ReadOverrides(PSCmdlet cmdlet, Hashtable? variables, string[]? variableFiles)
    {
        var overrides = new VariableOverrides();
        foreach (var file in variableFiles ?? [])
        {
            overrides.AddFile(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(file));
        }

        foreach (DictionaryEntry entry in variables ?? [])
        {
            overrides.AddVariable(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!, JsonToPowerShell.FromPowerShell(entry.Value));
        }

        return overrides;
    }
}
