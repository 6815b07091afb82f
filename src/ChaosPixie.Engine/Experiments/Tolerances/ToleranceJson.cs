using System.Text.Json.Nodes;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A <see cref="ToleranceResult"/> as JSON, in the journal's snake_case: what a chaospixie tolerance returns, and what
/// the runner records beside <c>tolerance_met</c> so that the measured value and its explanation are in the journal.
/// </summary>
public static class ToleranceJson
{
    public static JsonObject From(ToleranceResult result) => new()
    {
        ["passed"] = result.Passed,
        ["verdict"] = result.Verdict.ToString(),
        ["column"] = result.Column,
        ["quantile"] = result.Quantile,
        ["percentile"] = result.Percentile,
        ["method"] = result.Method.ToString(),
        ["value"] = result.Value is { } value && double.IsFinite(value) ? value : null,
        ["measured"] = result.Measured,
        ["threshold"] = result.Threshold,
        ["unit"] = result.Unit is { } unit ? DurationUnits.Symbol(unit) : null,
        ["sample_count"] = result.SampleCount,
        ["expectation"] = result.Expectation,
        ["explanation"] = result.Explanation,
    };

    /// <summary>
    /// The pass/fail of an output that is such a result (a JSON object with a boolean <c>passed</c> and a string
    /// <c>explanation</c>); null for any other output, which is judged by its truthiness as upstream does.
    /// </summary>
    public static bool? Passed(JsonNode? output) =>
        output is JsonObject result
        && result["passed"] is JsonValue passed && passed.TryGetValue(out bool value)
        && result["explanation"] is JsonValue explanation && explanation.TryGetValue(out string? _)
            ? value
            : null;
}
