namespace ChaosPixie.PowerShell;

internal static partial class ErrorIds
{
    public const string ScriptBundleUnavailable = "ScriptBundleUnavailable";
    public const string ScriptBundleInvalid = "ScriptBundleInvalid";
    public const string ScriptNotFound = "ScriptNotFound";
    public const string ScriptArgumentInvalid = "ScriptArgumentInvalid";
    public const string ScriptIsPath = "ScriptIsPath";
}
