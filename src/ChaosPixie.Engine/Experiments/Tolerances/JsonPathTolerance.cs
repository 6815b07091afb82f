using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// The jsonpath tolerance: the substituted path is matched against the (target) value (a string is read as JSON
/// first, so stdout and text bodies work); met when something matches, or exactly <c>count</c> values, or the
/// values equal <c>expect</c> (<c>[expect]</c> when expect is not a list). <c>expect</c> wins over <c>count</c>.
/// </summary>
internal sealed class JsonPathTolerance : ToleranceDefinition
{
    public override string Type => "jsonpath";

    protected override bool Validate(JsonObject probe, JsonObject definition, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var pathPath = DocumentPath.Child(path, "path");
        if (!definition.TryGetPropertyValue("path", out var jsonPath))
        {
            return problems.Upstream("hypothesis jsonpath probe tolerance must have a `path` key", path);
        }

        if (!PythonValue.IsString(jsonPath))
        {
            return problems.Ours($"hypothesis probe tolerance JSON path must be a string, not a {ExperimentLoader.Describe(jsonPath)}", pathPath);
        }

        // Python's str.strip(): surrounding whitespace is ignored.
        var text = PythonValue.AsString(jsonPath)!.Trim();
        if (text.Length == 0)
        {
            return problems.Upstream("hypothesis probe tolerance JSON path cannot be empty", pathPath);
        }

        return JsonPathParser.TryParse(text, out _, out _)
            || problems.Upstream($"hypothesis probe tolerance JSON path {ValueExcerpt.Of(text)} is invalid", pathPath);
    }

    protected override ToleranceOutcome Evaluate(JsonObject definition, JsonNode? output, ToleranceEvaluator evaluator)
    {
        var path = PythonValue.AsString(evaluator.Substitute(definition["path"])) ?? string.Empty;
        if (!JsonPathParser.TryParse(path, out var parsed, out var error))
        {
            throw new FormatException($"hypothesis probe tolerance JSON path {path} is invalid: {error}");
        }

        var values = new JsonArray(JsonPathEvaluator.Match(parsed!, AsDocument(Target(definition, output))).Select(v => v?.DeepClone()).ToArray());
        if (definition.ContainsKey("expect"))
        {
            var expect = evaluator.Substitute(definition["expect"]);
            return PythonComparison.AreEqual(values, expect is JsonArray ? expect : new JsonArray(expect));
        }

        if (definition.ContainsKey("count"))
        {
            return PythonValue.AsNumber(definition["count"]) is { } count && values.Count == count;
        }

        return values.Count > 0;
    }

    protected override string Describe(JsonObject definition) =>
        $"jsonpath {PythonValue.AsString(definition["path"])}"
        + (definition.ContainsKey("expect") ? $" = {OneLine.Json(definition["expect"])}" : string.Empty)
        + (definition["count"] is { } count ? $" (count {OneLine.Json(count)})" : string.Empty)
        + OnTarget(definition);

    private static JsonNode? AsDocument(JsonNode? value)
    {
        if (PythonValue.AsString(value) is not { } text)
        {
            return value;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return value;
        }
    }
}
