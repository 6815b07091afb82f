using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Tolerances;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// Upstream's `ensure_hypothesis_tolerance_is_valid`: the tolerance's kind checks it (each kind also makes
/// ChaosPixie's checks for the tolerances on which `chaos run` crashes); a value of no kind is refused.
/// </summary>
internal static class ToleranceValidator
{
    public const string TypeMessage =
        "hypothesis probe tolerance must either be an integer, a string, a boolean or a pair of values for boundaries. "
        + "It can also be a dictionary which is a probe activity definition that takes an argument called `value` with "
        + "the value of the probe itself to be validated";

    public static bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        if (ExperimentRegistry.ToleranceKind(tolerance) is { } kind)
        {
            return kind.Validate(probe, tolerance, path, options, problems);
        }

        return tolerance is JsonObject definition
            ? problems.Upstream($"hypothesis probe tolerance type '{ValueExcerpt.Of(definition["type"])}' is unsupported", DocumentPath.Child(path, "type"))
            : problems.Upstream(TypeMessage, path);
    }
}
