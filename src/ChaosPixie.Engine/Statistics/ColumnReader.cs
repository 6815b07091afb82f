using System.Globalization;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// Reads one column's number from each row, in the unit asked for: Pixie rows through their table's relation (the
/// ordinal and the unboxed reader are found once per table, and the relation says whether the values are nanosecond
/// durations and whether they are quantiles), other rows from the value their caller read by name. NaN is returned
/// as NaN: the tolerance refuses it, the comparison leaves it out. Used by every tolerance and comparison, so that
/// they all read a column the same way.
/// </summary>
public sealed class ColumnReader
{
    private PixieTable? _boundTable;
    private Binding _binding;

    public ColumnReader(string column, DurationUnit? unit, string? quantile)
    {
        ArgumentNullException.ThrowIfNull(column);
        Column = column;
        Unit = unit;
        Quantile = quantile;
    }

    public string Column { get; }

    public DurationUnit? Unit { get; }

    public string? Quantile { get; }

    /// <summary>Whether a Pixie column read so far is a nanosecond duration: without a unit, values are then in ns.</summary>
    public bool SawDurationColumn { get; private set; }

    /// <summary>The unit the values are in: the one asked for, nanoseconds for a Pixie duration column, else unknown.</summary>
    public DurationUnit? ValueUnit => Unit ?? (SawDurationColumn ? DurationUnit.Nanoseconds : null);

    /// <summary>The ordinal of the column in the row's table (-1 when it has none), checking the relation once per table.</summary>
    public int Bind(PixieRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = row.GetTable();
        if (!ReferenceEquals(table, _boundTable))
        {
            _binding = BindTable(table, row);
            _boundTable = table;
        }

        return _binding.Ordinal;
    }

    /// <summary>The value of a Pixie row whose table has the column (<see cref="Bind"/> &gt;= 0). <paramref name="rowNumber"/> names the row in errors.</summary>
    public double Read(PixieRow row, long rowNumber)
    {
        var ordinal = Bind(row);
        return _binding.Reader is { } reader ? Convert(reader(row)) : Read(row, row.GetValue(ordinal), rowNumber);
    }

    /// <summary>The number in a value read from any other row: a number, numeric text, or one quantile of a quantiles value.</summary>
    public double Read(object row, object? value, long rowNumber)
    {
        if (Quantile is { } quantile)
        {
            if (SampleValues.TryReadQuantile(value, quantile, out var number))
            {
                return Convert(number);
            }

            throw NotNumeric(row, value, rowNumber, $"which is not a quantiles object with {quantile.ToUpperInvariant()}");
        }

        if (SampleValues.TryRead(value, out var sample))
        {
            return Convert(sample);
        }

        if (SampleValues.IsQuantiles(value))
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileRequired,
                string.Create(CultureInfo.InvariantCulture, $"Row {rowNumber} holds quantiles in column '{Column}' ({string.Join(", ", PixieQuantiles.Names)}); choose the one to test, for example P99."),
                row);
        }

        throw NotNumeric(row, value, rowNumber, "which is not a number");
    }

    /// <summary>The error for a value that cannot be used, naming the row and the value.</summary>
    public ToleranceException NotNumeric(object row, object? value, long rowNumber, string why) => new(
        ToleranceErrorKind.ValueNotNumeric,
        string.Create(CultureInfo.InvariantCulture, $"Row {rowNumber} has {Describe(value)} in column '{Column}', {why}."),
        row);

    private double Convert(double value) => Unit is { } unit ? DurationUnits.FromNanoseconds(value, unit) : value;

    private Binding BindTable(PixieTable table, PixieRow row)
    {
        var ordinal = table.IndexOf(Column);
        if (ordinal < 0)
        {
            return new Binding(-1, null);
        }

        var column = table.Columns[ordinal];
        var where = $"Column '{column.Name}' of table '{table.Name}'";
        if (Unit is { } unit && !column.IsDuration)
        {
            throw new ToleranceException(
                ToleranceErrorKind.UnitNotApplicable,
                $"{where} is not a duration in nanoseconds (its semantic type is {column.SemanticType}), so it cannot be converted to {unit}. Leave the unit out and give the threshold in the column's own unit.",
                row);
        }

        if (column.IsQuantiles && Quantile is null)
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileRequired,
                $"{where} holds quantiles ({string.Join(", ", PixieQuantiles.Names)}); choose the one to test, for example P99.",
                row);
        }

        if (!column.IsQuantiles && Quantile is not null)
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileNotApplicable,
                $"{where} does not hold quantiles (it is {column.DataType}), so quantile {Quantile} cannot be read from it. Leave the quantile out.",
                row);
        }

        SawDurationColumn |= column.IsDuration;
        return new Binding(ordinal, column.IsQuantiles ? null : table.GetNumericReader(ordinal));
    }

    private static string Describe(object? value)
    {
        if (value is null)
        {
            return "no value (null)";
        }

        var text = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        if (text.Length > 60)
        {
            text = string.Concat(text.AsSpan(0, 57), "...");
        }

        return $"'{text}' ({value.GetType().Name})";
    }

    /// <summary>Where a table's column is, and the unboxed reader when the column is INT64 or FLOAT64.</summary>
    private readonly record struct Binding(int Ordinal, Func<PixieRow, double>? Reader);
}
