using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>The provider types the runner knows, by <c>provider.type</c>.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, IActivityProvider> _providers = new(StringComparer.Ordinal);

    public ProviderRegistry(IEnumerable<IActivityProvider> providers)
    {
        foreach (var provider in providers)
        {
            _providers[provider.Type] = provider;
        }
    }

    /// <summary>process, http and powershell (the latter only runs when a PowerShell host is given).</summary>
    public static ProviderRegistry CreateDefault(IPowerShellActivityRunner? powerShell = null) =>
        new([new ProcessProvider(), new HttpProvider(), new PowerShellProvider(powerShell)]);

    /// <summary>Runs a provider definition; an unknown type is not an ActivityFailed (upstream aborts).</summary>
    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var type = ProviderValues.String(provider["type"]);
        var found = (type is not null ? _providers.GetValueOrDefault(type) : null) ?? throw new InvalidOperationException($"unknown provider type '{type}' in activity '{context.ActivityName}'");
        return found.Run(provider, context, cancellationToken);
    }
}
