namespace ChaosPixie.Engine.Pixie;

/// <summary>Everything needed to open a channel to Pixie; made by <see cref="PixieSettings.ToConnectionOptions"/>.</summary>
public sealed record PixieConnectionOptions(
    PixieServerAddress Server,
    string ApiKey,
    string? CertificateAuthorityPath,
    bool SkipCertificateCheck)
{
    /// <summary>The value of the informational 'pixie-api-client' header (pxapi sends 'python' or 'go').</summary>
    public string ClientName { get; init; } = "powershell";

    public override string ToString() => $"{Server} (ApiKey = ***)";
}
