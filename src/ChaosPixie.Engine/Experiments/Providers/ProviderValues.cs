using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>Provider fields that hold a duration.</summary>
internal static class ProviderValues
{
    /// <summary>A number of seconds, or null when absent or not a number.</summary>
    public static TimeSpan? Seconds(JsonNode? node) => PythonValue.AsJsonNumber(node) is { } s && s >= 0 ? TimeSpan.FromSeconds(s) : null;
}
