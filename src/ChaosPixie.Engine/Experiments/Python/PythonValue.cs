using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Python;

/// <summary>
/// Python's view of a document value, which upstream's checks and tolerances rely on: truthiness (`if not x`), the
/// types (`isinstance(x, Number)`, where a bool is an int) and the number a value stands for.
/// </summary>
internal static class PythonValue
{
    /// <summary>Python truthiness: null, false, 0, "", [] and {} are false.</summary>
    public static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonObject obj => obj.Count > 0,
        JsonArray array => array.Count > 0,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.Number => PythonText.ToDouble(value) != 0,
            JsonValueKind.True => true,
            _ => false,
        },
        _ => false,
    };

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static string? AsString(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    public static bool IsBool(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    /// <summary>`isinstance(x, numbers.Number)`: booleans are numbers in Python.</summary>
    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    /// <summary>`isinstance(x, int)`: integers and booleans, not floats.</summary>
    public static bool IsInteger(JsonNode? node) => IsBool(node) || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !PythonText.IsFloat(v));

    /// <summary>A number, or a bool as 0/1 (Python's bool is an int); null for anything else.</summary>
    public static double? AsNumber(JsonNode? node) => IsBool(node) ? (node!.GetValue<bool>() ? 1 : 0) : AsJsonNumber(node);

    /// <summary>The value of a JSON number (not a bool); null for anything else.</summary>
    public static double? AsJsonNumber(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? PythonText.ToDouble(value) : null;
}
