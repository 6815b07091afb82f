using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// chaostoolkit-pixie's get_auth: the environment wins over the experiment (PIXIE_CLUSTER_ID over configuration
/// <c>pixie_cluster_id</c>, PIXIE_API_KEY over the secret <c>api_key</c>, PIXIE_SERVER_URL over configuration
/// <c>px_server_url</c>). What both leave unset comes from the caller's own connection (Connect-Pixie's session, with
/// its TLS settings for its own server only), and the server defaults to pxapi's cloud.
/// </summary>
internal static class ChaosPixieAuth
{
    public static PixieSettings Resolve(JsonObject configuration, JsonObject secrets, PixieSettings? session)
    {
        var noEncryption = NoEncryption(configuration["pixie_no_encryption"]);
        var keyAlgorithm = KeyAlgorithm(configuration["pixie_key_algorithm"]);
        var settings = PixieSettings.FromEnvironment().Over(new PixieSettings(
            ServerUrl: Text(configuration["px_server_url"]),
            ApiKey: Text(secrets["api_key"]),
            ClusterId: Text(configuration["pixie_cluster_id"]))).Over(session);
        // The experiment's pixie_no_encryption is for the server the experiment runs against, whether its configuration
        // or PIXIE_SERVER_URL names it; only the session's own setting is tied to the session's server.
        if (noEncryption is { } plaintext)
        {
            settings = settings with { NoEncryption = plaintext };
        }

        if (keyAlgorithm is not null)
        {
            settings = settings with { KeyAlgorithm = keyAlgorithm };
        }

        if (settings.ClusterId is null)
        {
            throw new ActivityFailedException(
                "InvalidExperiment: no Pixie cluster id: set the configuration key 'pixie_cluster_id', the environment variable PIXIE_CLUSTER_ID, or run Connect-Pixie -ClusterId first");
        }

        if (settings.ApiKey is null)
        {
            throw new ActivityFailedException(
                "InvalidExperiment: no Pixie API key: set the secret 'api_key' in a scope the provider lists in 'secrets', the environment variable PIXIE_API_KEY, or run Connect-Pixie -ApiKey first");
        }

        return settings;
    }

    /// <summary>The configuration key pixie_no_encryption: true (or "true") turns end-to-end encryption off.</summary>
    private static bool? NoEncryption(JsonNode? node) => node is null ? null : PythonText.Str(node).Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" or "" or "none" => false,
        var other => throw new ActivityFailedException($"InvalidExperiment: the configuration key 'pixie_no_encryption' is '{other}'; use true or false"),
    };

    /// <summary>The configuration key pixie_key_algorithm: ECDH-ES or RSA-OAEP-256, as -KeyAlgorithm takes it.</summary>
    private static string? KeyAlgorithm(JsonNode? node) => Text(node) is not { } name ? null
        : PixieKeyAlgorithms.All.FirstOrDefault(a => string.Equals(a, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ActivityFailedException($"InvalidExperiment: the configuration key 'pixie_key_algorithm' is '{name}'; use {string.Join(" or ", PixieKeyAlgorithms.All)}");

    private static string? Text(JsonNode? node) => node is null ? null : PythonText.Str(node) is { Length: > 0 } text ? text : null;
}
