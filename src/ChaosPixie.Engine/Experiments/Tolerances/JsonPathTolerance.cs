using System.Text.Json;
using System.Text.Json.Nodes;

using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// The jsonpath tolerance (spec 4): the substituted path is matched against the target value (a string is read as
/// JSON first, so stdout and text bodies work); met when something matches, or exactly <c>count</c> values, or the
/// values equal <c>expect</c> (<c>[expect]</c> when expect is not a list). <c>expect</c> wins over <c>count</c>.
/// </summary>
internal static class JsonPathTolerance
{
    public static bool IsMet(JsonObject definition, JsonNode? value, Func<JsonNode?, JsonNode?> substitute)
    {
        var path = PythonValue.AsString(substitute(definition["path"])) ?? string.Empty;
        if (!JsonPathParser.TryParse(path, out var parsed, out var error))
        {
            throw new FormatException($"hypothesis probe tolerance JSON path {path} is invalid: {error}");
        }

        var values = new JsonArray(JsonPathEvaluator.Match(parsed!, AsDocument(value)).Select(v => v?.DeepClone()).ToArray());
        if (definition.ContainsKey("expect"))
        {
            var expect = substitute(definition["expect"]);
            return PythonValues.AreEqual(values, expect is JsonArray ? expect : new JsonArray(expect));
        }

        if (definition.ContainsKey("count"))
        {
            return PythonValues.AsNumber(definition["count"]) is { } count && values.Count == count;
        }

        return values.Count > 0;
    }

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
