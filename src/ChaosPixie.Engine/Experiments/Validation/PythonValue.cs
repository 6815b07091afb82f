using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>Python's view of document values, which upstream's checks rely on (`if not x`, `isinstance(x, Number)`).</summary>
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
            JsonValueKind.Number => Settings.PythonText.ToDouble(value) != 0,
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
    public static bool IsInteger(JsonNode? node) => IsBool(node) || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !Settings.PythonText.IsFloat(v));
}
