using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// Python's <c>==</c> and ordering on JSON values, as upstream's tolerances use them (truthiness and types are
/// Validation's <see cref="PythonValue"/>):
/// <c>1 == True</c>, <c>5 == 5.0</c>, <c>"0" != 0</c>, lists and dicts compared item by item.
/// </summary>
public static class PythonValues
{
    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is JsonArray la && b is JsonArray lb)
        {
            return la.Count == lb.Count && la.Zip(lb).All(pair => AreEqual(pair.First, pair.Second));
        }

        if (a is JsonObject oa && b is JsonObject ob)
        {
            return oa.Count == ob.Count && oa.All(pair => ob.TryGetPropertyValue(pair.Key, out var other) && AreEqual(pair.Value, other));
        }

        if (a is JsonValue va && b is JsonValue vb)
        {
            var sa = PythonValue.AsString(va);
            var sb = PythonValue.AsString(vb);
            if (sa is not null || sb is not null)
            {
                return sa is not null && sb is not null && string.Equals(sa, sb, StringComparison.Ordinal);
            }

            return AsNumber(va) is { } na && AsNumber(vb) is { } nb && na == nb;
        }

        return false;
    }

    /// <summary>A number, or a bool as 0/1 (Python's bool is an int); null for anything else.</summary>
    public static double? AsNumber(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.Number => PythonText.ToDouble(value),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            _ => null,
        }
        : null;

    /// <summary>Python's <c>a &lt;= b</c> for numbers and for strings; null when Python would raise a TypeError.</summary>
    public static bool? LessOrEqual(JsonNode? a, JsonNode? b)
    {
        if (AsNumber(a) is { } na && AsNumber(b) is { } nb)
        {
            return na <= nb;
        }

        if (PythonValue.AsString(a) is { } sa && PythonValue.AsString(b) is { } sb)
        {
            return string.CompareOrdinal(sa, sb) <= 0;
        }

        return null;
    }
}
