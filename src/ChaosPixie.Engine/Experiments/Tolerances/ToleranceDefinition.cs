using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A tolerance written as a mapping with a <c>type</c>; its optional <c>target</c> picks the key of a mapping
/// output it judges (<c>output.get(target, output)</c>).
/// </summary>
internal abstract class ToleranceDefinition : IToleranceKind
{
    /// <summary>The value of the tolerance's <c>type</c>.</summary>
    public abstract string Type { get; }

    public bool Accepts(JsonNode? tolerance) => tolerance is JsonObject definition && PythonValue.AsString(definition["type"]) == Type;

    public bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems) =>
        Validate(probe, (JsonObject)tolerance!, path, options, problems);

    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output, ToleranceEvaluator evaluator) =>
        Evaluate((JsonObject)tolerance!, output, evaluator);

    public string Describe(JsonNode? tolerance) => Describe((JsonObject)tolerance!);

    public string? Subject(JsonNode? tolerance) => PythonValue.AsString(tolerance?["target"]);

    public virtual bool StreamsSpilledRows => false;

    /// <summary><c>output.get(target, output)</c>: a missing key falls back to the whole output.</summary>
    public static JsonNode? Target(JsonObject definition, JsonNode? output) =>
        PythonValue.AsString(definition["target"]) is { } target && output is JsonObject obj && obj.TryGetPropertyValue(target, out var selected)
            ? selected
            : output;

    protected abstract bool Validate(JsonObject probe, JsonObject definition, string path, ExperimentValidationOptions options, ProblemList problems);

    protected abstract ToleranceOutcome Evaluate(JsonObject definition, JsonNode? output, ToleranceEvaluator evaluator);

    protected abstract string Describe(JsonObject definition);

    /// <summary>" on stdout" when the tolerance has a target.</summary>
    protected static string OnTarget(JsonObject definition) =>
        PythonValue.AsString(definition["target"]) is { } target ? $" on {target}" : string.Empty;

    /// <summary>
    /// ChaosPixie's check for a tolerance without <c>target</c> on a probe whose output is a mapping (process,
    /// http), on which <c>chaos run</c> crashes without writing a journal.
    /// </summary>
    protected bool RequireTarget(JsonObject probe, JsonObject definition, string path, ProblemList problems)
    {
        if (definition["target"] is not null || ExperimentRegistry.ProviderType(probe["provider"]) is not { OutputFields: { } fields } providerType)
        {
            return true;
        }

        return problems.Ours(
            $"a {ValueExcerpt.Of(Type)} tolerance on the output of a {ValueExcerpt.Of(providerType.Name)} probe needs a `target` ({fields}): the output is a mapping, on which chaos run crashes without writing a journal",
            DocumentPath.Child(path, "target"));
    }
}
