namespace ChaosPixie.PowerShell;

/// <summary>
/// The ids of the module's error records: stable, so scripts can test `$_.FullyQualifiedErrorId`.
/// Each area of the module adds its own part (ErrorIds.Pixie.cs, ...).
/// </summary>
internal static partial class ErrorIds
{
}
