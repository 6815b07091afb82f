using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>The range tolerance: the (target) value, a number or a text holding one, lies within the two bounds, both included.</summary>
internal sealed class RangeTolerance : ToleranceDefinition
{
    public override string Type => "range";

    protected override bool Validate(JsonObject probe, JsonObject definition, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var rangePath = DocumentPath.Child(path, "range");
        if (!definition.TryGetPropertyValue("range", out var range))
        {
            return problems.Upstream("hypothesis range probe tolerance must have a `range` key", path);
        }

        if (range is not JsonArray bounds)
        {
            return problems.Upstream("hypothesis range must be a sequence", rangePath);
        }

        if (bounds.Count != 2)
        {
            return problems.Upstream("hypothesis range sequence must be made of two values", rangePath);
        }

        if (!PythonValue.IsNumber(bounds[0]))
        {
            return problems.Upstream("hypothesis range lower boundary must be a number", DocumentPath.Index(rangePath, 0));
        }

        return (PythonValue.IsNumber(bounds[1]) || problems.Upstream("hypothesis range upper boundary must be a number", DocumentPath.Index(rangePath, 1)))
            && RequireTarget(probe, definition, path, problems);
    }

    protected override ToleranceOutcome Evaluate(JsonObject definition, JsonNode? output, ToleranceEvaluator evaluator)
    {
        if (definition["range"] is not JsonArray { Count: 2 } bounds
            || PythonValue.AsNumber(bounds[0]) is not { } low
            || PythonValue.AsNumber(bounds[1]) is not { } high)
        {
            return false;
        }

        var value = Target(definition, output);
        var number = PythonValue.AsString(value) is { } text
            ? double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null
            : PythonValue.AsNumber(value);
        return number is { } n && low <= n && n <= high;
    }

    protected override string Describe(JsonObject definition) => $"range {OneLine.Json(definition["range"])}{OnTarget(definition)}";
}
