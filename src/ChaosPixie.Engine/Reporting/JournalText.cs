using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments;

namespace ChaosPixie.Engine.Reporting;

/// <summary>Journal values as short, single-line text for a report: providers, tolerances and outputs.</summary>
public static class JournalText
{
    /// <summary>A value on one line, cut at a readable length: strings as they are, anything else as compact JSON.</summary>
    public static string Value(JsonNode? node) => OneLine.Value(node);

    /// <summary>What the provider runs: <c>process: kubectl get pods</c>, <c>http: GET https://...</c>, <c>python: mod.func(a=1)</c>.</summary>
    public static string? Provider(JsonNode? provider) => ExperimentRegistry.Describe(provider);

    /// <summary>A tolerance as the experiment wrote it, in one line: <c>0</c>, <c>[200, 301]</c>, <c>regex "ok" on stdout</c>, <c>probe 'p99': python ...</c>.</summary>
    public static string? Tolerance(JsonNode? tolerance) =>
        tolerance is null ? null : OneLine.Shorten(ExperimentRegistry.ToleranceKind(tolerance)?.Describe(tolerance) ?? OneLine.Json(tolerance));

    /// <summary>
    /// What the probe measured: the record's <c>tolerance_result</c> when its tolerance gave one (a chaospixie
    /// tolerance, Test-PercentileBelow -Detailed), else the output read the way its tolerance reads it.
    /// </summary>
    public static ToleranceReading? Reading(JsonNode? tolerance, JsonNode? output)
    {
        if (ToleranceResult(output) is { } result)
        {
            return result;
        }

        // The key of a mapping output the tolerance's kind judges: status for a number or a list, else its target.
        if (output is JsonObject obj && ExperimentRegistry.ToleranceKind(tolerance)?.Subject(tolerance) is { } subject && obj.TryGetPropertyValue(subject, out var selected))
        {
            return Measured(subject, selected);
        }

        return output is null ? null : Measured("output", output);
    }

    /// <summary>The last line of an <c>exception</c> list (the one that carries the message).</summary>
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
        return new ToleranceReading(OneLine.Shorten(explanation), measured, String(Property(candidate, "Expectation")));
    }

    /// <summary>The explanation of a tolerance result (a record's <c>tolerance_result</c>, or an output that is one), on one line.</summary>
    public static string? Explanation(JsonNode? output) =>
        Explained(output) is { } result && String(Property(result, "Explanation")) is { } explanation ? OneLine.Shorten(explanation) : null;

    /// <summary>
    /// Each group's line of a tolerance result judged per group (its <c>groups</c>, in their order: failing first),
    /// <c>group (verdict): explanation</c>; empty for any other output.
    /// </summary>
    public static IReadOnlyList<string> Groups(JsonNode? output) =>
        Explained(output) is { } result && Property(result, "Groups") is JsonArray groups
            ? groups.OfType<JsonObject>()
                .Select(g => $"{String(Property(g, "Group")) ?? "-"} ({String(Property(g, "Verdict")) ?? "-"}): {OneLine.Shorten(String(Property(g, "Explanation")) ?? "-")}")
                .ToList()
            : [];

    private static JsonObject? Explained(JsonNode? output) =>
        output is JsonArray items ? items.OfType<JsonObject>().FirstOrDefault(i => Property(i, "Explanation") is not null) : output as JsonObject;

    private static JsonNode? Property(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Scalar(JsonNode? node) => node is JsonValue ? Value(node) : null;
}
