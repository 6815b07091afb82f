namespace ChaosPixie.PowerShell;

internal static partial class ErrorIds
{
    public const string PixieAuthenticationFailed = "PixieAuthenticationFailed";
    public const string PixiePermissionDenied = "PixiePermissionDenied";
    public const string PixieNotFound = "PixieNotFound";
    public const string PixieInvalidArgument = "PixieInvalidArgument";
    public const string PixieCompilationFailed = "PixieCompilationFailed";
    public const string PixieExecutionFailed = "PixieExecutionFailed";
    public const string PixieTimeout = "PixieTimeout";
    public const string PixieUnavailable = "PixieUnavailable";
    public const string PixieTlsFailed = "PixieTlsFailed";
    public const string PixieConnectionReset = "PixieConnectionReset";
    public const string PixieResourceExhausted = "PixieResourceExhausted";
    public const string PixieProtocolError = "PixieProtocolError";
    public const string PixieDecryptionFailed = "PixieDecryptionFailed";
    public const string PixieConfigurationMissing = "PixieConfigurationMissing";
    public const string PixieCertificateAuthorityNotFound = "PixieCertificateAuthorityNotFound";
    public const string PixieCertificateAuthorityInvalid = "PixieCertificateAuthorityInvalid";
    public const string PixieError = "PixieError";
    public const string PixieClusterNotFound = "PixieClusterNotFound";
    public const string PixieClusterAmbiguous = "PixieClusterAmbiguous";
    public const string ScriptFileNotFound = "ScriptFileNotFound";
    public const string ScriptFileUnreadable = "ScriptFileUnreadable";
    public const string PathNotFileSystem = "PathNotFileSystem";
}
