using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Python;

/// <summary>
/// Python's <c>==</c> and ordering on JSON values, as upstream's tolerances use them:
/// <c>1 == True</c>, <c>5 == 5.0</c>, <c>"0" != 0</c>, lists and dicts compared item by item.
/// </summary>
internal static class PythonComparison
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

            return PythonValue.AsNumber(va) is { } na && PythonValue.AsNumber(vb) is { } nb && na == nb;
        }

        return false;
    }

    /// <summary>Python's <c>a &lt;= b</c> for numbers and for strings; null when Python would raise a TypeError.</summary>
    public static bool? LessOrEqual(JsonNode? a, JsonNode? b)
    {
        if (PythonValue.AsNumber(a) is { } na && PythonValue.AsNumber(b) is { } nb)
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
