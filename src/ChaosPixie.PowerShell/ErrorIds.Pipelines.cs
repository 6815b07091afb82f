namespace ChaosPixie.PowerShell;

/// <summary>The error ids of Invoke-ChaosExperiment's CI outputs (-JUnitPath, -AzurePipelines).</summary>
internal static partial class ErrorIds
{
    /// <summary>The run happened but its JUnit file could not be written.</summary>
    public const string JUnitWriteFailed = "JUnitWriteFailed";
}
