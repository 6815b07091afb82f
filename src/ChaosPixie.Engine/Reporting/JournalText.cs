using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Reporting;

/// <summary>Journal values as short, single-line text for a report: providers, tolerances and outputs.</summary>
public static class JournalText
{
    private const int MaxLength = 240;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value on one line, cut at a readable length: strings as they are, anything else as compact JSON.</summary>
    public static string Value(JsonNode? node)
    {
        var text = node is JsonValue value && value.TryGetValue(out string? s) ? s : Json(node);
        return Shorten(text);
    }

    /// <summary>What the provider runs: <c>process: kubectl get pods</c>, <c>http: GET https://...</c>, <c>python: mod.func(a=1)</c>.</summary>
    public static string? Provider(JsonNode? provider) => Provider(provider, hidden: null);

    private static string? Provider(JsonNode? provider, string? hidden)
    {
        if (provider is not JsonObject p)
        {
            return null;
        }

        var type = String(p["type"]) ?? "provider";
        var detail = type switch
        {
            "process" => Join(String(p["path"]), Arguments(p["arguments"])),
            "http" => Join((String(p["method"]) ?? "GET").ToUpperInvariant(), String(p["url"])),
            "python" => $"{String(p["module"])}.{String(p["func"])}({KeywordArguments(p["arguments"], hidden)})",
            "powershell" => Join(String(p["func"]) ?? String(p["script"]), Parameters(p["arguments"], hidden)),
            _ => null,
        };
        return Shorten(detail is null ? type : $"{type}: {detail}");
    }

    /// <summary>A tolerance as the experiment wrote it, in one line: <c>0</c>, <c>[200, 301]</c>, <c>regex "ok" on stdout</c>, <c>probe 'p99': python ...</c>.</summary>
    public static string? Tolerance(JsonNode? tolerance)
    {
        if (tolerance is not JsonObject definition)
        {
            return tolerance is null ? null : Shorten(Json(tolerance));
        }

        var target = String(definition["target"]) is { } t ? $" on {t}" : string.Empty;
        var text = String(definition["type"]) switch
        {
            "regex" => $"regex {Json(definition["pattern"])}{target}",
            "range" => $"range {Json(definition["range"])}{target}",
            "jsonpath" => $"jsonpath {String(definition["path"])}"
                + (definition.ContainsKey("expect") ? $" = {Json(definition["expect"])}" : string.Empty)
                + (definition["count"] is { } count ? $" (count {Json(count)})" : string.Empty)
                + target,
            // Upstream writes the probe's output into the tolerance's 'value' argument; it is the measured value, not the tolerance.
            "probe" => $"probe '{String(definition["name"])}': {Provider(definition["provider"], hidden: "value")}",
            _ => Json(definition),
        };
        return Shorten(text);
    }

    /// <summary>
    /// What the probe measured: the record's <c>tolerance_result</c> when its tolerance gave one (a chaospixie
    /// tolerance, Test-PercentileBelow -Detailed), else the output read the way its tolerance reads it (spec 4).
    /// </summary>
    public static ToleranceReading? Reading(JsonNode? tolerance, JsonNode? output)
    {
        if (ToleranceResult(output) is { } result)
        {
            return result;
        }

        if (output is JsonObject obj)
        {
            if (tolerance is JsonArray || (tolerance is JsonValue v && v.GetValueKind() == JsonValueKind.Number))
            {
                if (obj.TryGetPropertyValue("status", out var status))
                {
                    return Measured("status", status);
                }
            }

            if (tolerance is JsonObject definition && String(definition["target"]) is { } target && obj.TryGetPropertyValue(target, out var selected))
            {
                return Measured(target, selected);
            }
        }

        return output is null ? null : Measured("output", output);
    }

    /// <summary>The last line of an <c>exception</c> list (spec 3.5: the one that carries the message).</summary>
    public static string? Error(JsonNode? exception) => exception switch
    {
        JsonArray lines => lines.Select(String).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim(),
        JsonValue value => String(value)?.Trim(),
        _ => null,
    };

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? s) ? s : null;

    /// <summary>Seconds as a person reads them: 850 ms, 2.41 s, 3 min 05 s.</summary>
    public static string Seconds(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s))
        {
            return "-";
        }

        return s switch
        {
            < 1 => string.Create(CultureInfo.InvariantCulture, $"{s * 1000:0.#} ms"),
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{s:0.##} s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(s / 60):0} min {s % 60:00} s"),
        };
    }

    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    private static ToleranceReading Measured(string what, JsonNode? value)
    {
        var text = Value(value);
        return new ToleranceReading($"{what} = {text}", text, null);
    }

    // A ChaosPixie tolerance result, as ConvertTo-Json writes a ToleranceResult (or a python tolerance its dict):
    // an object with an explanation, so the report can show the measured value against the threshold.
    private static ToleranceReading? ToleranceResult(JsonNode? output)
    {
        if (Explained(output) is not { } candidate || String(Property(candidate, "Explanation")) is not { } explanation)
        {
            return null;
        }

        var measured = String(Property(candidate, "Measured")) ?? Scalar(Property(candidate, "Value"));
        return new ToleranceReading(Shorten(explanation), measured, String(Property(candidate, "Expectation")));
    }

    /// <summary>The explanation of a tolerance result (a record's <c>tolerance_result</c>, or an output that is one), on one line.</summary>
    public static string? Explanation(JsonNode? output) =>
        Explained(output) is { } result && String(Property(result, "Explanation")) is { } explanation ? Shorten(explanation) : null;

    private static JsonObject? Explained(JsonNode? output) =>
        output is JsonArray items ? items.OfType<JsonObject>().FirstOrDefault(i => Property(i, "Explanation") is not null) : output as JsonObject;

    private static JsonNode? Property(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Scalar(JsonNode? node) => node is JsonValue ? Value(node) : null;

    private static string? Arguments(JsonNode? arguments) => arguments switch
    {
        JsonArray list => string.Join(' ', list.Select(Value)),
        JsonObject dict => string.Join(' ', dict.Select(p => p.Value is null ? p.Key : $"{p.Key} {Value(p.Value)}")),
        _ => String(arguments) ?? (arguments is null ? null : Json(arguments)),
    };

    private static string KeywordArguments(JsonNode? arguments, string? hidden) =>
        arguments is JsonObject dict ? string.Join(", ", dict.Where(p => p.Key != hidden).Select(p => $"{p.Key}={Json(p.Value)}")) : string.Empty;

    private static string? Parameters(JsonNode? arguments, string? hidden) =>
        arguments is JsonObject dict ? string.Join(' ', dict.Where(p => p.Key != hidden).Select(p => $"-{p.Key} {Json(p.Value)}")) : null;

    private static string Json(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    private static string? Join(string? first, string? second) =>
        string.IsNullOrEmpty(second) ? first : $"{first} {second}";

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }
}
