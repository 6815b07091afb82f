using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Settings;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>Reading provider fields whatever .NET type holds their JSON value.</summary>
internal static class ProviderValues
{
    /// <summary>A number of seconds, or null when absent or not a number.</summary>
    public static TimeSpan? Seconds(JsonNode? node) => Number(node) is { } s && s >= 0 ? TimeSpan.FromSeconds(s) : null;

    public static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? PythonText.ToDouble(value) : null;

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
