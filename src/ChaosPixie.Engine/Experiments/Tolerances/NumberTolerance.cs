using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A number tolerance: equal to the output, or to its <c>status</c> when the output is a mapping that has one (a
/// process's exit code, an HTTP status). Upstream accepts integers only; a float (or no tolerance), let through by
/// -NoValidation, is compared the same way.
/// </summary>
internal sealed class NumberTolerance : IToleranceKind
{
    public bool Accepts(JsonNode? tolerance) => tolerance is null || PythonValue.AsJsonNumber(tolerance) is not null;

    public bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems) =>
        PythonValue.IsInteger(tolerance) || problems.Upstream(ToleranceValidator.TypeMessage, path);

    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output, ToleranceEvaluator evaluator) =>
        PythonComparison.AreEqual(output is JsonObject obj && obj.ContainsKey("status") ? obj["status"] : output, tolerance);

    public string? Subject(JsonNode? tolerance) => tolerance is null ? null : "status";
}
