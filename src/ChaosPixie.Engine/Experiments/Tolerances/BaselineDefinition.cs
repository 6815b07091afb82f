using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A <c>baseline</c> tolerance as written: the column read from the probe's rows (with chaostoolkit-pixie's unit
/// names), and either Keptn-style <c>criteria</c> on a percentile of both sides, or Kayenta's Mann-Whitney judge on
/// all the values (<c>direction</c>, <c>allowed_increase</c>, <c>allowed_decrease</c>, <c>confidence_level</c>).
/// <c>minimum_samples</c> applies to each side in both forms; with <c>group_by</c>, to each group's sides.
/// </summary>
internal sealed record BaselineDefinition
{
    private static readonly string[] Keys =
    [
        "type", "name", "column", "convert_from_nanoseconds", "criteria", "percentile",
        "direction", "allowed_increase", "allowed_decrease", "confidence_level", "minimum_samples",
        GroupArguments.GroupByKey, GroupArguments.RequireKey, GroupArguments.AllowFailuresKey,
    ];

    private static readonly string[] StatisticalKeys = ["direction", "allowed_increase", "allowed_decrease", "confidence_level"];

    /// <summary>The column of the probe's rows; null when the output is a number or a list of numbers.</summary>
    public string? Column { get; private init; }

    public DurationUnit? Unit { get; private init; }

    /// <summary>The relative criteria, all of which must hold; null for the statistical form.</summary>
    public IReadOnlyList<RelativeCriterion>? Criteria { get; private init; }

    /// <summary>The percentile the criteria compare (Exclusive, as chaostoolkit-pixie's percentile tolerances).</summary>
    public double Percentile { get; private init; } = 99;

    /// <summary>The statistical judge's settings, and the minimum number of samples per side for both forms.</summary>
    public SteadyStateCriteria Statistical { get; private init; } = new();

    /// <summary>With <c>group_by</c>: the field each group is judged by, and how the groups make the verdict.</summary>
    public GroupArguments? Groups { get; private init; }

    public bool IsRelative => Criteria is not null;

    /// <summary>How the compared quantity is named: <c>p99(latency_p99)</c>, or the column for the statistical form.</summary>
    public string Label => IsRelative
        ? string.Create(CultureInfo.InvariantCulture, $"p{Percentile:0.####}({Column ?? "value"})")
        : Column ?? "values";

    /// <summary>The definition, or null with the key at fault and a message that says what to fix.</summary>
    public static BaselineDefinition? Parse(JsonObject definition, out string? key, out string? problem)
    {
        key = null;
        problem = null;
        if (definition.Select(p => p.Key).FirstOrDefault(k => !Keys.Contains(k)) is { } unknown)
        {
            return Fail(unknown, $"a baseline tolerance has no key '{ValueExcerpt.Of(unknown)}': it takes {string.Join(", ", Keys.Skip(1))}", out key, out problem);
        }

        var column = definition["column"];
        if (column is not null && PythonValue.AsString(column) is not { Length: > 0 })
        {
            return Fail("column", "a baseline tolerance's `column` must be the name of a column of the probe's rows", out key, out problem);
        }

        DurationUnit? unit = null;
        if (definition["convert_from_nanoseconds"] is { } unitNode)
        {
            unit = DurationUnits.FromChaosToolkitName(PythonValue.AsString(unitNode));
            if (unit is null)
            {
                return Fail("convert_from_nanoseconds", $"'{ValueExcerpt.Of(unitNode)}' is not a unit: use seconds, milliseconds or microseconds", out key, out problem);
            }
        }

        if (!GroupArguments.TryParse(definition, out var groups, out key, out problem))
        {
            return null;
        }

        if (groups is not null && column is null)
        {
            return Fail(GroupArguments.GroupByKey, "`group_by` groups the probe's rows: give the `column` to compare too", out key, out problem);
        }

        var statistical = new SteadyStateCriteria();
        if (definition["minimum_samples"] is { } minimum)
        {
            if (!PythonValue.IsInteger(minimum) || PythonValue.IsBool(minimum) || PythonValue.AsNumber(minimum) is not { } samples || samples is < 1 or > int.MaxValue)
            {
                return Fail("minimum_samples", "`minimum_samples` must be a whole number of at least 1 (per side)", out key, out problem);
            }

            statistical = statistical with { MinimumSamples = (int)samples };
        }

        BaselineDefinition? parsed;
        if (definition.ContainsKey("criteria"))
        {
            if (StatisticalKeys.FirstOrDefault(definition.ContainsKey) is { } mixed)
            {
                return Fail(mixed, $"a baseline tolerance judges by `criteria` or by the Mann-Whitney test, not both: `{mixed}` is a setting of the test; remove it, or remove `criteria`", out key, out problem);
            }

            parsed = ParseRelative(definition, column, unit, statistical, out key, out problem);
        }
        else if (definition.ContainsKey("percentile"))
        {
            return Fail("percentile", "`percentile` says which value `criteria` compare; the Mann-Whitney test compares all values: add `criteria`, or remove `percentile`", out key, out problem);
        }
        else
        {
            parsed = ParseStatistical(definition, column, unit, statistical, out key, out problem);
        }

        return parsed is null ? null : parsed with { Groups = groups };
    }

    private static BaselineDefinition? ParseRelative(JsonObject definition, JsonNode? column, DurationUnit? unit, SteadyStateCriteria statistical, out string? key, out string? problem)
    {
        key = null;
        problem = null;
        var texts = definition["criteria"] switch
        {
            JsonArray { Count: > 0 } list when list.All(PythonValue.IsString) => list.Select(c => c!.GetValue<string>()).ToList(),
            var single when PythonValue.IsString(single) => [single!.GetValue<string>()],
            _ => null,
        };
        if (texts is null)
        {
            return Fail("criteria", "`criteria` must be a criterion such as \"<= before * 1.2\", or a non-empty list of them (all must hold)", out key, out problem);
        }

        var criteria = new List<RelativeCriterion>();
        foreach (var text in texts)
        {
            try
            {
                criteria.Add(RelativeCriterion.Parse(text));
            }
            catch (FormatException e)
            {
                return Fail("criteria", e.Message, out key, out problem);
            }
        }

        var percentile = 99.0;
        if (definition["percentile"] is { } percentileNode)
        {
            if (PythonValue.IsBool(percentileNode) || PythonValue.AsJsonNumber(percentileNode) is not { } p || !Percentiles.IsValid(p))
            {
                return Fail("percentile", "`percentile` must be a number greater than 0 and less than 100 (50 is the median)", out key, out problem);
            }

            percentile = p;
        }

        return new BaselineDefinition { Column = PythonValue.AsString(column), Unit = unit, Criteria = criteria, Percentile = percentile, Statistical = statistical };
    }

    private static BaselineDefinition? ParseStatistical(JsonObject definition, JsonNode? column, DurationUnit? unit, SteadyStateCriteria statistical, out string? key, out string? problem)
    {
        key = null;
        problem = null;
        if (definition["direction"] is { } directionNode)
        {
            ShiftDirection? direction = PythonValue.AsString(directionNode) switch
            {
                "increase" => ShiftDirection.Increase,
                "decrease" => ShiftDirection.Decrease,
                "either" => ShiftDirection.Either,
                _ => null,
            };
            if (direction is null)
            {
                return Fail("direction", $"'{ValueExcerpt.Of(directionNode)}' is not a direction: use increase (higher is worse: latency, errors), decrease (lower is worse: throughput) or either", out key, out problem);
            }

            statistical = statistical with { Direction = direction.Value };
        }

        foreach (var name in new[] { "allowed_increase", "allowed_decrease", "confidence_level" })
        {
            if (definition[name] is not { } node)
            {
                continue;
            }

            if (PythonValue.IsBool(node) || PythonValue.AsJsonNumber(node) is not { } number)
            {
                return Fail(name, $"`{name}` must be a number", out key, out problem);
            }

            statistical = name switch
            {
                "allowed_increase" => statistical with { AllowedIncrease = number },
                "allowed_decrease" => statistical with { AllowedDecrease = number },
                _ => statistical with { ConfidenceLevel = number },
            };
        }

        try
        {
            statistical.Validate();
        }
        catch (ToleranceException e)
        {
            var at = e.Kind switch
            {
                ToleranceErrorKind.ConfidenceLevelInvalid => "confidence_level",
                ToleranceErrorKind.AllowedRatioInvalid => statistical.AllowedIncrease is > 0 and < double.PositiveInfinity ? "allowed_decrease" : "allowed_increase",
                _ => "minimum_samples",
            };
            return Fail(at, e.Message, out key, out problem);
        }

        return new BaselineDefinition { Column = PythonValue.AsString(column), Unit = unit, Statistical = statistical };
    }

    private static BaselineDefinition? Fail(string at, string message, out string? key, out string? problem)
    {
        key = at;
        problem = message;
        return null;
    }
}
