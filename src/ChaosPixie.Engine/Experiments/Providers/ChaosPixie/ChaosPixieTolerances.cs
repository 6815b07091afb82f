using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Tolerances;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// chaostoolkit-pixie's four tolerances on a probe's rows, with its exact statistics: percentiles by Python's
/// statistics.quantiles (Exclusive) and the median by statistics.median. The result is the ToleranceResult as
/// JSON: the runner judges it by its <c>passed</c> and records its measured value and explanation. ChaosPixie adds
/// <c>group_by</c>, <c>require</c> and <c>allow_failures</c> (<see cref="GroupArguments"/>): each group judged on its
/// own rows, as Test-PercentileBelow -GroupBy judges them, by the same code.
/// </summary>
internal static class ChaosPixieTolerances
{
    public static bool Knows(string function) => function is
        "percentile_should_be_below" or "percentile_should_be_above" or "median_should_be_below" or "median_should_be_above";

    public static JsonObject Evaluate(string function, JsonObject arguments)
    {
        var median = function.StartsWith("median", StringComparison.Ordinal);
        var below = function.EndsWith("below", StringComparison.Ordinal);
        var column = PythonValue.AsString(arguments["column"]) ?? throw new ArgumentException("the argument 'column' must be a string");
        var threshold = Number(arguments["treshold"], "treshold");
        var tolerance = new PercentileTolerance(column, median ? 50 : Number(arguments["percentile"] ?? 99, "percentile"), threshold, below ? ToleranceComparison.Below : ToleranceComparison.Above)
        {
            Method = PercentileMethod.Exclusive,
            // An unknown conversion name converts nothing, silently, as upstream.
            Unit = DurationUnits.FromChaosToolkitName(PythonValue.AsString(arguments["convert_from_nanoseconds"])),
            Target = arguments["target"] is JsonArray { Count: 2 } target ? new TargetFilter(PythonText.Str(target[0]!), PythonText.Str(target[1]!)) : null,
            // statistics.quantiles needs two values (Python <= 3.12); median needs one.
            MinimumSamples = median ? 1 : 2,
        };

        // With group_by, one collector per group (the cmdlets' ToleranceGroups); without, one for all rows.
        var groups = GroupArguments.Read(arguments) is { } grouping ? new ToleranceGroups(tolerance, grouping.GroupBy, grouping.Requirement) : null;
        var single = groups is null ? new SampleCollector(tolerance) : null;
        var groupBy = groups?.GroupBy;
        if (SpilledRows.From(arguments["value"]) is { } spilled)
        {
            // Only the fields the tolerance reads are decoded; the row number stands for the row.
            long number = 0;
            foreach (var line in spilled.ReadLines())
            {
                var row = new RowFields(line.Span, column, tolerance.Target?.Column, groupBy);
                (groups?.For(row.HasGroup, row.GroupValue) ?? single!).AddRow(++number, row.HasColumn, row.Value, row.HasTarget, row.TargetValue);
            }
        }
        else
        {
            foreach (var row in (arguments["value"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var hasColumn = row.TryGetPropertyValue(column, out var value);
                JsonNode? targetValue = null;
                var hasTarget = tolerance.Target is { } filter && row.TryGetPropertyValue(filter.Column, out targetValue);
                JsonNode? groupValue = null;
                var collector = groups is null ? single! : groups.For(row.TryGetPropertyValue(groupBy!, out groupValue), RowFields.Plain(groupValue));
                collector.AddRow(row, hasColumn, RowFields.Plain(value), hasTarget, RowFields.Plain(targetValue));
            }
        }

        return groups is null ? ToleranceJson.From(single!.Evaluate()) : ToleranceJson.From(groups.Evaluate());
    }

    private static double Number(JsonNode? node, string name) =>
        PythonValue.AsJsonNumber(node) ?? throw new ArgumentException($"the argument '{name}' must be a number");
}
