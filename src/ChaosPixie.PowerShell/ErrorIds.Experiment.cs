namespace ChaosPixie.PowerShell;

/// <summary>The error ids of the experiment cmdlets (Test-ChaosExperiment, Invoke-ChaosExperiment).</summary>
internal static partial class ErrorIds
{
    /// <summary>An experiment path that matches no file.</summary>
    public const string ExperimentNotFound = "ExperimentNotFound";

    /// <summary>An experiment path on a provider other than the FileSystem.</summary>
    public const string ExperimentPathNotFileSystem = "ExperimentPathNotFileSystem";

    /// <summary>A wildcard path that matches more than one experiment (Invoke-ChaosExperiment runs one at a time).</summary>
    public const string ExperimentPathAmbiguous = "ExperimentPathAmbiguous";

    /// <summary>An experiment file whose extension is not .json, .yaml or .yml.</summary>
    public const string ExperimentUnsupportedFormat = "ExperimentUnsupportedFormat";

    /// <summary>An experiment or variable file that is not valid JSON or YAML.</summary>
    public const string ExperimentParseError = "ExperimentParseError";

    /// <summary>An experiment that validation rejects, or whose settings cannot be resolved.</summary>
    public const string ExperimentInvalid = "ExperimentInvalid";

    /// <summary>A -Variable or -VariableFile that cannot be used.</summary>
    public const string ExperimentVariableInvalid = "ExperimentVariableInvalid";

    /// <summary>A -ControlFile that is missing or does not hold control declarations.</summary>
    public const string ControlFileInvalid = "ControlFileInvalid";

    /// <summary>A settings file (~/.chaostoolkit/settings.yaml or -SettingsPath) that does not parse or has the wrong shape.</summary>
    public const string SettingsFileInvalid = "SettingsFileInvalid";

    /// <summary>A -PythonPath that names no interpreter.</summary>
    public const string PythonNotFound = "PythonNotFound";

    /// <summary>The run happened but its journal could not be written.</summary>
    public const string JournalWriteFailed = "JournalWriteFailed";
}
