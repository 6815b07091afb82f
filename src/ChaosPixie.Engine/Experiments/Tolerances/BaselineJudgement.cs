using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A before/after tolerance's verdict as the journal's <c>tolerance_result</c>: the same keys as a percentile
/// tolerance's (so the report, JUnit and the Azure Pipelines summary show it unchanged), plus <c>phase</c>, the
/// <c>baseline</c> it was compared with, and the test's figures (<c>comparison</c>) or each criterion's target
/// (<c>criteria</c>). Before the method it keeps the baseline; Inconclusive is never a pass.
/// </summary>
internal static class BaselineJudgement
{
    private const string Passed = "Passed";
    private const string Failed = "Failed";
    private const string Inconclusive = "Inconclusive";

    /// <summary>Before the method: the values become the probe's baseline, unless there are too few to judge by.</summary>
    public static JsonObject Keep(BaselineDefinition definition, ProbeOutputValues values, BaselineScope scope)
    {
        var sorted = values.Sorted;
        var minimum = definition.Statistical.MinimumSamples;
        var samples = Samples(sorted.Length, values.NaNLeftOut);
        if (sorted.Length < minimum)
        {
            return Result(definition, values, Inconclusive, scope.Phase, null, null, string.Create(
                CultureInfo.InvariantCulture,
                $"before: {definition.Label} has {samples}: inconclusive, at least {minimum} required to serve as the baseline, so nothing after the method could be judged against it"));
        }

        var statistic = Statistic(definition, sorted);
        scope.Store.Keep(scope, new BaselineSample(definition.IsRelative ? null : sorted, statistic, sorted.Length, values.Unit));
        var what = definition.IsRelative ? $"{definition.Label} = {Q(statistic, values.Unit)}" : $"{definition.Label} median {Q(statistic, values.Unit)}";
        return Result(definition, values, Passed, scope.Phase, statistic, null, $"before: {what} over {samples}{Method(definition)}, kept as the baseline");
    }

    /// <summary>During or after the method: the values judged against the probe's baseline.</summary>
    public static JsonObject Judge(BaselineDefinition definition, ProbeOutputValues values, BaselineScope scope)
    {
        if (scope.Store.Find(scope) is not { } baseline)
        {
            var why = scope.Group is { } group && scope.Store.GroupsOf(scope.Probe).Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{definition.Groups!.GroupBy} '{group}' had fewer than {definition.Statistical.MinimumSamples} values before the method")
                : $"the probe '{scope.Probe}' was not measured before the method (the hypothesis strategy runs no steady state before it)";
            return Result(definition, values, Inconclusive, scope.Phase, values.Sorted.Length > 0 ? Statistic(definition, values.Sorted) : null, null,
                $"{scope.Phase}: no baseline: {why}, so {definition.Label} cannot be compared: inconclusive");
        }

        return definition.IsRelative ? Relative(definition, values, scope, baseline) : Statistical(definition, values, scope, baseline);
    }

    /// <summary>
    /// With <c>group_by</c>: each group kept or judged on its own values (a group that had values before and has none
    /// now is judged on none: inconclusive), and the overall verdict by the groups' requirement, as the cmdlets judge groups.
    /// </summary>
    public static JsonObject Grouped(BaselineDefinition definition, IReadOnlyList<(string Group, ProbeOutputValues Values)> groups, BaselineScope scope)
    {
        var grouping = definition.Groups!;
        var present = groups.Select(g => g.Group).ToList();
        if (scope.IsBefore)
        {
            scope.Store.KeepGroups(scope.Probe, present);
        }

        var unit = groups.Select(g => g.Values.Unit).FirstOrDefault(u => u is not null) ?? definition.Unit;
        var names = scope.IsBefore ? present : scope.Store.GroupsOf(scope.Probe).Union(present, StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            // No group is no evidence either way: never a pass over nothing.
            return Result(definition, ProbeOutputValues.None(unit), Inconclusive, scope.Phase, null, null,
                $"{scope.Phase}: {definition.Label} by {grouping.GroupBy}: the probe returned no values, so there is no group to judge: inconclusive");
        }

        var byName = groups.ToDictionary(g => g.Group, g => g.Values, StringComparer.Ordinal);
        var results = names.Select(name =>
        {
            var values = byName.TryGetValue(name, out var own) ? own : ProbeOutputValues.None(unit);
            var group = scope.ForGroup(name);
            return (Group: name, Result: scope.IsBefore ? Keep(definition, values, group) : Judge(definition, values, group));
        }).ToList();
        var (outcome, ordered, summary) = grouping.Requirement.Summarize(
            results,
            r => PythonValue.AsString(r.Result["verdict"]) switch { Passed => GroupOutcome.Pass, Failed => GroupOutcome.Fail, _ => GroupOutcome.Inconclusive },
            r => r.Group,
            r => PythonValue.AsString(r.Result["measured"]) ?? "-");
        var verdict = outcome switch { GroupOutcome.Pass => Passed, GroupOutcome.Fail => Failed, _ => Inconclusive };
        // The head of the whole: what every group shares; each group's target (threshold) is its own.
        var head = Result(definition, ProbeOutputValues.None(unit), verdict, scope.Phase, null, null, string.Empty);
        return ToleranceJson.Grouped(head, verdict, $"{Expectation(definition)} for each {grouping.GroupBy}", $"{scope.Phase}: {definition.Label} by {grouping.GroupBy}: {summary}", grouping.GroupBy, grouping.Requirement.Text, ordered);
    }

    private static JsonObject Relative(BaselineDefinition definition, ProbeOutputValues values, BaselineScope scope, BaselineSample baseline)
    {
        var sorted = values.Sorted;
        var unit = values.Unit ?? baseline.Unit;
        var before = $"before: {Q(baseline.Statistic, unit)} over {Samples(baseline.Count, 0)}";
        var minimum = definition.Statistical.MinimumSamples;
        if (sorted.Length < minimum)
        {
            return WithBaseline(Result(definition, values, Inconclusive, scope.Phase, null, null, string.Create(
                CultureInfo.InvariantCulture,
                $"{scope.Phase}: {definition.Label} has {Samples(sorted.Length, values.NaNLeftOut)}: inconclusive, at least {minimum} required; {before}")), baseline, unit);
        }

        var value = Statistic(definition, sorted);
        var judged = definition.Criteria!.Select(c => (Criterion: c, Target: c.Target(baseline.Statistic), Met: c.IsMet(value, baseline.Statistic))).ToList();
        var met = judged.All(j => j.Met);
        // The threshold shown is the first criterion missed, else the first one.
        var shown = judged.FirstOrDefault(j => !j.Met) is { Criterion: not null } missed ? missed : judged[0];
        var parts = judged.Select(j => $"{(j.Met ? j.Criterion.Operator : Negate(j.Criterion.Operator))} {Q(j.Target, unit)} ({j.Criterion.Text})");
        var explanation = $"{scope.Phase}: {definition.Label} = {Q(value, unit)} {string.Join(" and ", parts)} over {Samples(sorted.Length, values.NaNLeftOut)}{Method(definition)}; {before}";
        var result = WithBaseline(Result(definition, values, met ? Passed : Failed, scope.Phase, value, shown.Target, explanation), baseline, unit);
        result["criteria"] = new JsonArray(judged.Select(j => (JsonNode)new JsonObject
        {
            ["criterion"] = j.Criterion.Text,
            ["target"] = Finite(j.Target),
            ["met"] = j.Met,
        }).ToArray());
        return result;
    }

    private static JsonObject Statistical(BaselineDefinition definition, ProbeOutputValues values, BaselineScope scope, BaselineSample baseline)
    {
        var unit = values.Unit ?? baseline.Unit;
        var comparison = SteadyStateJudge.Compare(baseline.Sorted!, values.Sorted, definition.Statistical, new ComparisonLabel(definition.Column, unit, null));
        var verdict = comparison.Verdict switch
        {
            "Pass" => Passed,
            "Inconclusive" => Inconclusive,
            _ => Failed,
        };
        var result = WithBaseline(Result(definition, values, verdict, scope.Phase, comparison.CandidateMedian, null, $"{scope.Phase} vs before: {comparison.Explanation}"), baseline, unit);
        result["comparison"] = new JsonObject
        {
            ["verdict"] = comparison.Verdict,
            ["direction"] = comparison.Direction.ToLowerInvariant(),
            ["confidence_level"] = comparison.ConfidenceLevel,
            ["allowed_increase"] = comparison.AllowedIncrease,
            ["allowed_decrease"] = comparison.AllowedDecrease,
            ["p_value"] = comparison.PValue,
            ["p_value_method"] = comparison.PValueMethod,
            ["shift"] = comparison.Shift,
            ["shift_lower"] = comparison.ShiftLower,
            ["shift_upper"] = comparison.ShiftUpper,
            ["mean_ratio"] = comparison.MeanRatio,
            ["baseline_median"] = comparison.BaselineMedian,
            ["candidate_median"] = comparison.CandidateMedian,
            // A sketch of each side's values for the report's picture, small enough for every judgement's journal entry.
            ["baseline_distribution"] = Numbers(comparison.BaselineSketch),
            ["candidate_distribution"] = Numbers(comparison.CandidateSketch),
        };
        return result;
    }

    private static JsonObject Result(BaselineDefinition definition, ProbeOutputValues values, string verdict, string phase, double? value, double? threshold, string explanation)
    {
        var unit = values.Unit;
        return new JsonObject
        {
            ["passed"] = verdict == Passed,
            ["verdict"] = verdict,
            ["kind"] = "baseline",
            ["phase"] = phase,
            ["column"] = definition.Column,
            ["percentile"] = definition.IsRelative ? definition.Percentile : null,
            ["method"] = definition.IsRelative ? nameof(PercentileMethod.Exclusive) : "MannWhitney",
            ["value"] = Finite(value),
            ["measured"] = value is { } v ? Q(v, unit) : "-",
            ["threshold"] = Finite(threshold),
            ["unit"] = unit is { } u ? DurationUnits.Symbol(u) : null,
            ["sample_count"] = values.Sorted.Length,
            ["expectation"] = Expectation(definition),
            ["explanation"] = explanation,
        };
    }

    private static JsonObject WithBaseline(JsonObject result, BaselineSample baseline, DurationUnit? unit)
    {
        var summary = new JsonObject
        {
            ["phase"] = BaselineScope.Before,
            ["value"] = Finite(baseline.Statistic),
            ["measured"] = Q(baseline.Statistic, unit),
            ["sample_count"] = baseline.Count,
        };
        if (baseline.Sorted is { Length: > 0 } sorted)
        {
            // The band a chart draws: the middle 80% of the values before the method.
            summary["band_low"] = Finite(Percentiles.OfSorted(sorted, 10, PercentileMethod.Inclusive));
            summary["band_high"] = Finite(Percentiles.OfSorted(sorted, 90, PercentileMethod.Inclusive));
        }

        result["baseline"] = summary;
        return result;
    }

    /// <summary>What passes: <c>p99(latency_p99) &lt;= before * 1.2</c>, or <c>latency_p99 not higher than before (Mann-Whitney, 98%)</c>.</summary>
    public static string Expectation(BaselineDefinition definition)
    {
        if (definition.IsRelative)
        {
            return $"{definition.Label} {string.Join(" and ", definition.Criteria!.Select(c => c.Text))}";
        }

        var criteria = definition.Statistical;
        var change = criteria.Direction switch
        {
            ShiftDirection.Increase => "not higher than",
            ShiftDirection.Decrease => "not lower than",
            _ => "not different from",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{definition.Label} {change} before (Mann-Whitney, {criteria.ConfidenceLevel * 100:0.###}%)");
    }

    private static double Statistic(BaselineDefinition definition, double[] sorted) => definition.IsRelative
        ? Percentiles.OfSorted(sorted, definition.Percentile, PercentileMethod.Exclusive)
        : Percentiles.MedianOfSorted(sorted);

    private static string Method(BaselineDefinition definition) => definition.IsRelative ? " (Exclusive)" : string.Empty;

    private static string Samples(int count, int nanLeftOut) => string.Create(
        CultureInfo.InvariantCulture,
        $"{count} sample{(count == 1 ? string.Empty : "s")}{(nanLeftOut > 0 ? $" ({nanLeftOut} NaN left out)" : string.Empty)}");

    private static string Negate(string op) => op switch
    {
        "<=" => ">",
        "<" => ">=",
        ">=" => "<",
        ">" => "<=",
        _ => "!=",
    };

    private static string Q(double value, DurationUnit? unit) => Quantities.Format(value, unit);

    private static JsonArray Numbers(IReadOnlyList<double> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
