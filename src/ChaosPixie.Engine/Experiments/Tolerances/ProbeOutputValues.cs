using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// The numbers a before/after tolerance compares, read from a probe's output: one column of its rows (streamed from
/// their file when the probe spilled them, so a million rows cost their numbers, not their objects), or the output
/// itself when it is a number or a list of numbers. NaN values are left out and counted; the result is sorted.
/// </summary>
internal sealed class ProbeOutputValues
{
    private ProbeOutputValues(double[] sorted, long rows, int nanLeftOut, DurationUnit? unit)
    {
        Sorted = sorted;
        Rows = rows;
        NaNLeftOut = nanLeftOut;
        Unit = unit;
    }

    public double[] Sorted { get; }

    /// <summary>How many rows (or items) the output held.</summary>
    public long Rows { get; }

    public int NaNLeftOut { get; }

    public DurationUnit? Unit { get; }

    /// <summary>No values at all: a group that had rows before the method and has none after it.</summary>
    public static ProbeOutputValues None(DurationUnit? unit) => new([], 0, 0, unit);

    /// <summary>
    /// Reads the values; a <see cref="ToleranceException"/> when rows were given and none has the column, or a value
    /// is not a number.
    /// </summary>
    public static ProbeOutputValues Read(JsonNode? output, string? column, DurationUnit? unit) =>
        ReadGroups(output, column, unit, null) is [var all] ? all.Values : None(unit);

    /// <summary>
    /// The values of each group of rows by the field <paramref name="groupBy"/> (rows without it under
    /// <see cref="GroupKey.Missing"/>), in the order the groups first appear; one group of all rows when it is null.
    /// </summary>
    public static IReadOnlyList<(string Group, ProbeOutputValues Values)> ReadGroups(JsonNode? output, string? column, DurationUnit? unit, string? groupBy)
    {
        var groups = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        var reader = column is null ? null : new ColumnReader(column, unit, null);
        long rows = 0, withColumn = 0;
        if (SpilledRows.From(output) is { } spilled)
        {
            foreach (var line in spilled.ReadLines())
            {
                rows++;
                var fields = new RowFields(line.Span, column ?? string.Empty, null, groupBy);
                if (reader is not null && fields.HasColumn)
                {
                    withColumn++;
                    Values(Name(fields.HasGroup, fields.GroupValue)).Add(reader.Read(rows, fields.Value, rows));
                }
            }
        }
        else
        {
            foreach (var item in output is JsonArray list ? list : output is null ? [] : [output])
            {
                rows++;
                if (reader is null)
                {
                    withColumn++;
                    Values(string.Empty).Add(Number(item, rows, unit));
                }
                else if (item is JsonObject row && row.TryGetPropertyValue(column!, out var value))
                {
                    withColumn++;
                    JsonNode? group = null;
                    Values(Name(groupBy is not null && row.TryGetPropertyValue(groupBy, out group), RowFields.Plain(group))).Add(reader.Read(row, RowFields.Plain(value), rows));
                }
            }
        }

        if (rows > 0 && withColumn == 0)
        {
            throw new ToleranceException(
                ToleranceErrorKind.ColumnNotFound,
                string.Create(CultureInfo.InvariantCulture, $"None of the probe's {rows} rows has a column '{column}'. Check the tolerance's `column`."),
                column);
        }

        var valueUnit = reader?.ValueUnit ?? unit;
        return order.Select(name => (name, Of(groups[name], rows, valueUnit, column))).ToArray();

        string Name(bool hasGroup, object? value) => groupBy is null ? string.Empty : hasGroup ? GroupKey.Text(value) : GroupKey.Missing;

        List<double> Values(string name)
        {
            if (!groups.TryGetValue(name, out var values))
            {
                groups.Add(name, values = []);
                order.Add(name);
            }

            return values;
        }
    }

    // NaN values are left out and counted; an infinite one has no place in a comparison.
    private static ProbeOutputValues Of(List<double> values, long rows, DurationUnit? unit, string? column)
    {
        var kept = values.Where(v => !double.IsNaN(v)).ToArray();
        if (kept.FirstOrDefault(double.IsInfinity) is var infinite && double.IsInfinity(infinite))
        {
            throw new ToleranceException(ToleranceErrorKind.ValueNotNumeric, $"The probe's output has an infinite value{(column is null ? string.Empty : $" in column '{column}'")}, which cannot be compared with a baseline.", column);
        }

        Array.Sort(kept);
        return new ProbeOutputValues(kept, rows, values.Count - kept.Length, unit);
    }

    // Without a column, the output is a number (or numeric text) or a list of them.
    private static double Number(JsonNode? item, long index, DurationUnit? unit)
    {
        if (!SampleValues.TryRead(RowFields.Plain(item), out var number))
        {
            throw new ToleranceException(
                ToleranceErrorKind.ColumnRequired,
                string.Create(CultureInfo.InvariantCulture, $"Item {index} of the probe's output is not a number; give the tolerance a `column` to read from the probe's rows."),
                null);
        }

        return unit is { } u ? DurationUnits.FromNanoseconds(number, u) : number;
    }
}
