using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A <see cref="ToleranceResult"/> as JSON, in the journal's snake_case: what a chaospixie tolerance returns, and what
/// the runner records beside <c>tolerance_met</c> so that the measured value and its explanation are in the journal.
/// Its <c>samples</c> (the measured values, at most <see cref="KeptSamples.Limit"/>) stay in the journal of a
/// steady-state check only, which records them for its Mann-Whitney drift.
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
        ["samples"] = new JsonArray([.. result.Samples.Select(v => JsonValue.Create(v))]),
    };

    /// <summary>
    /// The output as a tolerance result, when it is one: this form (a chaospixie tolerance), or a ToleranceResult as
    /// PowerShell's ConvertTo-Json writes it (Test-PercentileBelow -Detailed in a powershell tolerance), put in this
    /// form. Null for any other output, which is judged by its truthiness as upstream does.
    /// </summary>
    public static JsonObject? AsResult(JsonNode? output)
    {
        if (output is not JsonObject result)
        {
            return null;
        }

        if (Bool(result["passed"]) is not null && PythonValue.AsString(result["explanation"]) is not null)
        {
            return result;
        }

        if (Bool(result["Passed"]) is not { } passed || PythonValue.AsString(result["Explanation"]) is not { } explanation)
        {
            return null;
        }

        return new JsonObject
        {
            ["passed"] = passed,
            ["verdict"] = result["Verdict"]?.DeepClone(),
            ["column"] = result["Column"]?.DeepClone(),
            ["quantile"] = result["Quantile"]?.DeepClone(),
            ["percentile"] = result["Percentile"]?.DeepClone(),
            ["method"] = result["Method"]?.DeepClone(),
            ["value"] = result["Value"]?.DeepClone(),
            ["measured"] = result["Measured"]?.DeepClone(),
            ["threshold"] = result["Threshold"]?.DeepClone(),
            ["unit"] = PythonValue.AsString(result["Unit"]) is { } unit && Enum.TryParse<DurationUnit>(unit, out var parsed) ? DurationUnits.Symbol(parsed) : null,
            ["sample_count"] = result["SampleCount"]?.DeepClone(),
            ["expectation"] = result["Expectation"]?.DeepClone(),
            ["explanation"] = explanation,
        };
    }

    private static bool? Bool(JsonNode? node) => PythonValue.IsBool(node) ? node!.GetValue<bool>() : null;
}
