using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>Reading loosely typed provider fields the way Python would accept them.</summary>
internal static class ProviderValues
{
    /// <summary>A number of seconds (int or float, or a numeric string), or null when absent.</summary>
    public static TimeSpan? Seconds(JsonNode? node)
    {
        var seconds = Number(node);
        return seconds is { } s && s >= 0 ? TimeSpan.FromSeconds(s) : null;
    }

    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue(out double d))
        {
            return d;
        }

        if (value.TryGetValue(out long l))
        {
            return l;
        }

        if (value.TryGetValue(out int i))
        {
            return i;
        }

        return value.TryGetValue(out string? s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
