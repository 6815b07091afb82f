using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>One provider type (<c>process</c>, <c>http</c>, <c>powershell</c>): how its definition is checked and run.</summary>
public interface IActivityProvider
{
    /// <summary>The value of <c>provider.type</c> this provider answers to.</summary>
    string Type { get; }

    /// <summary>
    /// The problems of a provider definition, in upstream's order and words where upstream has a check; each with the
    /// key at fault (relative to the provider object, e.g. <c>path</c>) or null for the provider itself.
    /// </summary>
    IReadOnlyList<ProviderProblem> Validate(JsonObject provider, string activityName);

    /// <summary>
    /// Runs the activity and returns its output as JSON. Throws <see cref="ActivityFailedException"/> for upstream's
    /// ActivityFailed cases and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken);
}

/// <summary>A problem found in a provider definition; <see cref="Key"/> is relative to the provider object.</summary>
public sealed record ProviderProblem(string Message, string? Key, bool IsUpstream);
