namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// One layer of connection settings. Layers are stacked with <see cref="Over"/>: explicit parameters over the
/// session's defaults (Connect-Pixie) over the environment, the first value set wins.
/// </summary>
public sealed record PixieSettings(
    string? ServerUrl = null,
    string? ApiKey = null,
    string? ClusterId = null,
    string? CertificateAuthorityPath = null,
    bool? SkipCertificateCheck = null,
    bool? NoEncryption = null,
    string? KeyAlgorithm = null)
{
    public const string ApiKeyVariable = "PIXIE_API_KEY";
    public const string ClusterIdVariable = "PIXIE_CLUSTER_ID";
    public const string ServerUrlVariable = "PIXIE_SERVER_URL";

    /// <summary>The variables chaostoolkit-pixie reads: PIXIE_API_KEY, PIXIE_CLUSTER_ID, PIXIE_SERVER_URL.</summary>
    public static PixieSettings FromEnvironment() => new(
        ServerUrl: NonEmpty(Environment.GetEnvironmentVariable(ServerUrlVariable)),
        ApiKey: NonEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)),
        ClusterId: NonEmpty(Environment.GetEnvironmentVariable(ClusterIdVariable)));

    /// <summary>
    /// These settings, with every value they leave unset taken from <paramref name="fallback"/>; the TLS settings
    /// (CA file, skipping the certificate check) and the encryption settings (off, key algorithm) belong to the
    /// fallback's server and are taken only for that server.
    /// </summary>
    public PixieSettings Over(PixieSettings? fallback)
    {
        if (fallback is null)
        {
            return this;
        }

        var sameServer = ServerUrl is null || SameServer(ServerUrl, fallback.ServerUrl ?? PixieServerAddress.Default);
        return new(
            ServerUrl ?? fallback.ServerUrl,
            ApiKey ?? fallback.ApiKey,
            ClusterId ?? fallback.ClusterId,
            CertificateAuthorityPath ?? (sameServer ? fallback.CertificateAuthorityPath : null),
            SkipCertificateCheck ?? (sameServer ? fallback.SkipCertificateCheck : null),
            NoEncryption ?? (sameServer ? fallback.NoEncryption : null),
            KeyAlgorithm ?? (sameServer ? fallback.KeyAlgorithm : null));
    }

    /// <summary>The options to open a client with; a missing key or a bad URL is a Configuration error.</summary>
    public PixieConnectionOptions ToConnectionOptions()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new PixieException(PixieErrorKind.Configuration, "No Pixie API key was given.")
            {
                RecommendedAction = $"Pass -ApiKey, run Connect-Pixie, or set the environment variable {ApiKeyVariable}. Pixie API keys start with 'px-api-'.",
            };
        }

        return new PixieConnectionOptions(
            PixieServerAddress.Parse(ServerUrl ?? PixieServerAddress.Default),
            ApiKey,
            CertificateAuthorityPath,
            SkipCertificateCheck ?? false);
    }

    /// <summary>The cluster id, checked: Pixie's cloud takes a dashed UUID.</summary>
    public Guid RequireClusterId()
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            throw new PixieException(PixieErrorKind.Configuration, "No Pixie cluster id was given.")
            {
                RecommendedAction = $"Pass -ClusterId, run Connect-Pixie -ClusterId, or set the environment variable {ClusterIdVariable}. Get-PixieCluster lists the clusters your key can see.",
            };
        }

        if (!Guid.TryParse(ClusterId, out var id))
        {
            throw new PixieException(PixieErrorKind.Configuration, $"The cluster id '{ClusterId}' is not a UUID.")
            {
                RecommendedAction = "Pixie cluster ids look like 'f6b3c3a1-2f0e-4c5b-9a8d-1e2f3a4b5c6d'; Get-PixieCluster lists them.",
            };
        }

        return id;
    }

    // The key never appears in ToString: settings objects end up in verbose output and error messages.
    public override string ToString() =>
        $"ServerUrl = {ServerUrl ?? PixieServerAddress.Default}, ClusterId = {ClusterId}, ApiKey = {(ApiKey is null ? "(none)" : "***")}";

    // 'host', 'host:443' and 'https://host:443' are one server; text that is not an address matches only itself.
    private static bool SameServer(string a, string b)
    {
        try
        {
            return PixieServerAddress.Parse(a) == PixieServerAddress.Parse(b);
        }
        catch (PixieException)
        {
            return string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
