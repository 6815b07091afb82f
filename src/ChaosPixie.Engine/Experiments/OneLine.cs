using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments;

/// <summary>Document values as short, single-line text, for the descriptions of providers and tolerances in a report.</summary>
internal static class OneLine
{
    private const int MaxLength = 240;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value on one line, cut at a readable length: strings as they are, anything else as compact JSON.</summary>
    public static string Value(JsonNode? node) =>
        Shorten(node is JsonValue value && value.TryGetValue(out string? s) ? s : Json(node));

    public static string Json(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    /// <summary>The two parts with a space between them, or the first alone when the second is empty.</summary>
    public static string? Join(string? first, string? second) =>
        string.IsNullOrEmpty(second) ? first : $"{first} {second}";

    public static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }
}
