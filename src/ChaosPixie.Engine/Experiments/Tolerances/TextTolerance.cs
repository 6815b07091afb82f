using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A string tolerance: substituted first, then equal to the output; the lone <c>"${k}"</c> form may turn it into
/// an int, a bool or a list, which is then judged as that kind.
/// </summary>
internal sealed class TextTolerance : IToleranceKind
{
    public bool Accepts(JsonNode? tolerance) => PythonValue.IsString(tolerance);

    public bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems) => true;

    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output, ToleranceEvaluator evaluator)
    {
        var substituted = evaluator.Substitute(tolerance);
        return PythonValue.IsString(substituted)
            ? PythonComparison.AreEqual(output, substituted)
            : evaluator.Evaluate(substituted, output);
    }
}
