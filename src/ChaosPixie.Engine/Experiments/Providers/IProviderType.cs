using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// One provider type (the value of <c>provider.type</c>): how a definition is checked, described and run, and how its
/// output is read where the runner, the settings and the report treat outputs differently by type. The members with
/// a body are what most types do. <see cref="ExperimentRegistry"/> lists every type.
/// </summary>
internal interface IProviderType
{
    /// <summary>The value of <c>provider.type</c> this type answers to.</summary>
    string Name { get; }

    /// <summary>Checks a definition as <c>chaos validate</c> does; returns false after adding its first problem.</summary>
    bool Validate(JsonObject activity, JsonObject provider, string path, ExperimentValidationOptions options, ProblemList problems);

    /// <summary>What the definition runs, on one line (the report's "process: kubectl get pods"), without the argument <paramref name="hidden"/>.</summary>
    string? Describe(JsonObject provider, string? hidden);

    /// <summary>
    /// Runs the definition and returns its output as JSON. Throws <see cref="ActivityFailedException"/> for upstream's
    /// ActivityFailed cases and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The fields of the output when it is a mapping, for the message that asks a regex or range tolerance for a
    /// <c>target</c>; null when the output is the value itself.
    /// </summary>
    string? OutputFields => null;

    /// <summary>The value a dynamic-configuration probe of this type gives its key; throws <see cref="ActivityFailedException"/> to leave the key out.</summary>
    JsonNode? ConfigurationValue(JsonNode? output) => output;

    /// <summary>Upstream's warning for an output <c>status</c> that looks like an error, when the activity has no tolerance.</summary>
    string? ErrorStatusWarning(double status) => null;

    /// <summary>The exit code the report shows for an output, when the type has one that is not 0.</summary>
    int? ExitCode(JsonNode? output) => null;

    /// <summary>Upstream's deprecation warning for a definition's form, if it uses a deprecated one.</summary>
    string? Deprecation(JsonObject provider) => null;

    /// <summary>True when the type reads a probe's spilled rows from their file as a tolerance's value; others get them all in memory.</summary>
    bool StreamsSpilledRows => false;
}
