using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>A bool tolerance: Python's <c>output == tolerance</c>, so <c>true</c> also equals 1.</summary>
internal sealed class BoolTolerance : IToleranceKind
{
    public bool Accepts(JsonNode? tolerance) => PythonValue.IsBool(tolerance);

    public bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems) => true;

    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output, ToleranceEvaluator evaluator) =>
        PythonComparison.AreEqual(output, tolerance);
}
