using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>The regex tolerance: the substituted Python pattern is searched for in the (target) value, which must be text.</summary>
internal sealed class RegexTolerance : ToleranceDefinition
{
    public override string Type => "regex";

    protected override bool Validate(JsonObject probe, JsonObject definition, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var patternPath = DocumentPath.Child(path, "pattern");
        if (!definition.TryGetPropertyValue("pattern", out var pattern))
        {
            return problems.Upstream("hypothesis regex probe tolerance must have a `pattern` key", path);
        }

        if (!PythonValue.IsString(pattern))
        {
            return problems.Upstream($"hypothesis probe tolerance pattern {ValueExcerpt.Of(pattern)} has an invalid type", patternPath);
        }

        try
        {
            PythonRegex.Compile(PythonValue.AsString(pattern)!);
        }
        catch (FormatException e)
        {
            return problems.Upstream($"hypothesis probe tolerance pattern {ValueExcerpt.Of(PythonValue.AsString(pattern))} seems invalid: {e.Message}", patternPath);
        }

        return RequireTarget(probe, definition, path, problems);
    }

    protected override ToleranceOutcome Evaluate(JsonObject definition, JsonNode? output, ToleranceEvaluator evaluator)
    {
        var pattern = PythonValue.AsString(evaluator.Substitute(definition["pattern"])) ?? string.Empty;
        // Upstream raises a TypeError for a non-text value; validation rejects the static cases, the rest is not met.
        return PythonValue.AsString(Target(definition, output)) is { } value
            && PythonRegex.Compile(pattern).IsMatch(value);
    }

    protected override string Describe(JsonObject definition) => $"regex {OneLine.Json(definition["pattern"])}{OnTarget(definition)}";
}
