namespace ChaosPixie.PowerShell;

/// <summary>The error ids of the experiment cmdlets (Test-ChaosExperiment, Invoke-ChaosExperiment).</summary>
internal static partial class ErrorIds
{
    /// <summary>An experiment path that matches no file.</summary>
    public const string ExperimentNotFound = "ExperimentNotFound";

    /// <summary>An experiment path on a provider other than the FileSystem.</summary>
    public const string ExperimentPathNotFileSystem = "ExperimentPathNotFileSystem";
}
