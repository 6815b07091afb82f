namespace ChaosPixie.PowerShell;

/// <summary>Error ids of Invoke-ChaosExperiment.</summary>
internal static partial class ErrorIds
{
    public const string ExperimentNotFound = "ExperimentNotFound";
    public const string ExperimentPathNotFileSystem = "ExperimentPathNotFileSystem";
    public const string ExperimentPathAmbiguous = "ExperimentPathAmbiguous";
    public const string ExperimentUnsupportedFormat = "ExperimentUnsupportedFormat";
    public const string ExperimentParseError = "ExperimentParseError";
    public const string ExperimentInvalid = "ExperimentInvalid";
    public const string ExperimentVariableInvalid = "ExperimentVariableInvalid";
    public const string JournalWriteFailed = "JournalWriteFailed";
}
