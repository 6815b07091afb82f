using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>The jsonpath tolerance (spec 4); its evaluator sits on expcore's jsonpath2 parser.</summary>
internal static class JsonPathTolerance
{
    public static bool IsMet(JsonObject definition, JsonNode? value, Func<JsonNode?, JsonNode?> substitute) =>
        throw new InvalidOperationException("jsonpath tolerances are evaluated once the jsonpath2 parser lands");
}
