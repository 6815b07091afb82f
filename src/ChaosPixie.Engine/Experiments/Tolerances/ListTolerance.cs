using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A list tolerance: on a mapping output with a <c>status</c>, the status is one of the items; otherwise two items
/// are the bounds of a range and any other number of items a membership test.
/// </summary>
internal sealed class ListTolerance : IToleranceKind
{
    public bool Accepts(JsonNode? tolerance) => tolerance is JsonArray;

    public bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems) => true;

    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output, ToleranceEvaluator evaluator)
    {
        var list = (JsonArray)tolerance!;
        if (output is JsonObject obj && obj.ContainsKey("status"))
        {
            // Quirk kept: a 2-item list is a membership test on status, not a range.
            return list.Any(item => PythonComparison.AreEqual(item, obj["status"]));
        }

        if (list.Count == 2)
        {
            return PythonComparison.LessOrEqual(list[0], output) == true && PythonComparison.LessOrEqual(output, list[1]) == true;
        }

        return list.Any(item => PythonComparison.AreEqual(item, output));
    }

    public string? Subject(JsonNode? tolerance) => "status";
}
