using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// One provider type (<c>process</c>, <c>http</c>, <c>powershell</c>): how it runs. Definitions are checked before a
/// run by Experiments/Validation (ProviderValidator), which knows every provider type's rules.
/// </summary>
public interface IActivityProvider
{
    /// <summary>The value of <c>provider.type</c> this provider answers to.</summary>
    string Type { get; }

    /// <summary>
    /// Runs the activity and returns its output as JSON. Throws <see cref="ActivityFailedException"/> for upstream's
    /// ActivityFailed cases and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken);
}
