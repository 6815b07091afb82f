using System.Globalization;
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
    /// A tolerance judged per group: the keys of one result for the whole (<c>value</c> null, <c>measured</c> how
    /// many groups failed, <c>sample_count</c> their sum), then <c>group_by</c>, <c>requirement</c>,
    /// <c>failed_groups</c> and <c>groups</c>, each group's result with its <c>group</c>, failing groups first.
    /// </summary>
    public static JsonObject From(ToleranceGroupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var groups = result.Groups.Select(g => (g.Group ?? GroupKey.Missing, From(g))).ToArray();
        foreach (var (_, group) in groups)
        {
            group.Remove("samples");
        }

        return Grouped(groups[0].Item2, result.Verdict, result.Expectation, result.Explanation, result.GroupBy, result.Requirement, groups);
    }

    /// <summary>
    /// The result of a tolerance judged per group, from its groups' results (ordered failing first, each with the
    /// keys of <see cref="From(ToleranceResult)"/>): <paramref name="first"/> gives the keys that are the same for every group.
    /// </summary>
    internal static JsonObject Grouped(JsonObject first, string verdict, string expectation, string explanation, string groupBy, string requirement, IReadOnlyList<(string Group, JsonObject Result)> groups)
    {
        var failed = groups.Where(g => PythonValue.AsString(g.Result["verdict"]) == nameof(ToleranceVerdict.Failed)).Select(g => g.Group).ToArray();
        var result = new JsonObject
        {
            ["passed"] = verdict == nameof(ToleranceVerdict.Passed),
            ["verdict"] = verdict,
        };
        foreach (var key in new[] { "kind", "phase", "column", "quantile", "percentile", "method" })
        {
            if (first.ContainsKey(key))
            {
                result[key] = first[key]?.DeepClone();
            }
        }

        result["value"] = null;
        result["measured"] = string.Create(CultureInfo.InvariantCulture, $"{failed.Length} of {groups.Count} groups failed");
        result["threshold"] = first["threshold"]?.DeepClone();
        result["unit"] = first["unit"]?.DeepClone();
        result["sample_count"] = groups.Sum(g => g.Result["sample_count"] is JsonValue count && count.TryGetValue(out int n) ? n : 0);
        result["expectation"] = expectation;
        result["explanation"] = explanation;
        result["group_by"] = groupBy;
        result["requirement"] = requirement;
        result["failed_groups"] = new JsonArray([.. failed.Select(g => JsonValue.Create(g))]);
        result["groups"] = new JsonArray([.. groups.Select(g => Named(g.Group, g.Result))]);
        return result;
    }

    // The group's name first, then its result.
    private static JsonObject Named(string group, JsonObject result)
    {
        var named = new JsonObject { ["group"] = group };
        foreach (var (key, value) in result)
        {
            named[key] = value?.DeepClone();
        }

        return named;
    }

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

        var mapped = new JsonObject
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

        // Test-PercentileBelow -GroupBy -Detailed: the groups in the keys a chaospixie tolerance judged per group has.
        if (PythonValue.AsString(result["GroupBy"]) is { } groupBy && result["Groups"] is JsonArray groups)
        {
            mapped["group_by"] = groupBy;
            mapped["requirement"] = result["Requirement"]?.DeepClone();
            mapped["failed_groups"] = result["FailedGroups"]?.DeepClone();
            mapped["groups"] = new JsonArray([.. groups.OfType<JsonObject>()
                .Select(g => (Group: PythonValue.AsString(g["Group"]) ?? GroupKey.Missing, Result: AsResult(g)))
                .Where(g => g.Result is not null)
                .Select(g => Named(g.Group, g.Result!))]);
        }

        return mapped;
    }

    private static bool? Bool(JsonNode? node) => PythonValue.IsBool(node) ? node!.GetValue<bool>() : null;
}
