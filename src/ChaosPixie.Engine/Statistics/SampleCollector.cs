using System.Globalization;
using System.Runtime.InteropServices;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// Gathers a tolerance's samples from rows as they stream past: it keeps only the numbers and the few worst rows,
/// never the rows themselves, so a million rows cost a few megabytes. Rows are skipped as chaostoolkit-pixie's
/// group_values skips them: rows without the column, then rows whose target does not match.
/// </summary>
public sealed class SampleCollector
{
    /// <summary>How many of the rows furthest on the failing side are kept for the result.</summary>
    public const int WorstRowCount = 5;

    private readonly List<double> _values = [];
    private readonly List<(double Value, object Row)> _worst = new(WorstRowCount + 1);
    private PixieTable? _boundTable;
    private PixieColumnBinding _binding;
    private bool _sawDurationColumn;

    public SampleCollector(PercentileTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(tolerance);
        tolerance.Validate();
        Tolerance = tolerance;
    }

    public PercentileTolerance Tolerance { get; }

    /// <summary>Every row offered, kept or not.</summary>
    public long RowCount { get; private set; }

    /// <summary>The rows that have the column.</summary>
    public long RowsWithColumn { get; private set; }

    /// <summary>The rows left out because their target value did not match.</summary>
    public long RowsOutsideTarget { get; private set; }

    public int SampleCount => _values.Count;

    /// <summary>
    /// Adds a row read by name by the caller: whether it has the column and its value, and the same for the
    /// target's column. <paramref name="row"/> is only kept if it is among the worst.
    /// </summary>
    public void AddRow(object row, bool hasColumn, object? value, bool hasTarget, object? targetValue)
    {
        ArgumentNullException.ThrowIfNull(row);
        RowCount++;
        if (!hasColumn)
        {
            return;
        }

        RowsWithColumn++;
        if (Tolerance.Target is { } target && hasTarget && !target.Matches(targetValue))
        {
            RowsOutsideTarget++;
            return;
        }

        Add(row, Read(row, value));
    }

    /// <summary>
    /// Adds a Pixie row by its relation: the column's ordinal and reader are found once per table, numeric
    /// columns are read unboxed, and the relation says whether the values are nanosecond durations.
    /// </summary>
    public void AddRow(PixieRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        RowCount++;
        var table = row.GetTable();
        if (!ReferenceEquals(table, _boundTable))
        {
            _binding = Bind(table, row);
            _boundTable = table;
        }

        if (_binding.Ordinal < 0)
        {
            return;
        }

        RowsWithColumn++;
        if (_binding.TargetOrdinal >= 0 && !Tolerance.Target!.Matches(row.GetValue(_binding.TargetOrdinal)))
        {
            RowsOutsideTarget++;
            return;
        }

        Add(row, _binding.Reader is { } reader ? reader(row) : Read(row, row.GetValue(_binding.Ordinal)));
    }

    /// <summary>The percentile of the samples so far and the verdict, with the worst rows and a one-line explanation.</summary>
    public ToleranceResult Evaluate()
    {
        if (RowCount == 0)
        {
            throw new ToleranceException(
                ToleranceErrorKind.NoRows,
                $"No rows were given, so {Tolerance.Label} cannot be measured. Pipe rows in, or pass them as input objects; an empty result often means the script's time window held no data.",
                Tolerance.Column);
        }

        if (RowsWithColumn == 0)
        {
            throw new ToleranceException(
                ToleranceErrorKind.ColumnNotFound,
                string.Create(CultureInfo.InvariantCulture, $"None of the {RowCount} rows has a column '{Tolerance.Column}'. Check the column's name."),
                Tolerance.Column);
        }

        var samples = CollectionsMarshal.AsSpan(_values);
        samples.Sort();
        double? value = samples.IsEmpty ? null : Percentiles.OfSorted(samples, Tolerance.Percentile, Tolerance.Method);
        var verdict = samples.Length < Tolerance.MinimumSamples ? ToleranceVerdict.Inconclusive
            : Tolerance.Accepts(value!.Value) ? ToleranceVerdict.Passed
            : ToleranceVerdict.Failed;
        var unit = Tolerance.Unit ?? (_sawDurationColumn ? DurationUnit.Nanoseconds : null);
        return new ToleranceResult(Tolerance, verdict, value, unit, samples.Length, RowsOutsideTarget, _worst.Select(w => w.Row).ToArray());
    }

    private PixieColumnBinding Bind(PixieTable table, PixieRow row)
    {
        var ordinal = table.IndexOf(Tolerance.Column);
        var targetOrdinal = Tolerance.Target is { } target ? table.IndexOf(target.Column) : -1;
        if (ordinal < 0)
        {
            return new PixieColumnBinding(-1, targetOrdinal, null);
        }

        var column = table.Columns[ordinal];
        var where = $"Column '{column.Name}' of table '{table.Name}'";
        if (Tolerance.Unit is { } unit && !column.IsDuration)
        {
            throw new ToleranceException(
                ToleranceErrorKind.UnitNotApplicable,
                $"{where} is not a duration in nanoseconds (its semantic type is {column.SemanticType}), so it cannot be converted to {unit}. Leave the unit out and give the threshold in the column's own unit.",
                row);
        }

        if (column.IsQuantiles && Tolerance.Quantile is null)
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileRequired,
                $"{where} holds quantiles ({string.Join(", ", PixieQuantiles.Names)}); choose the one to test, for example P99.",
                row);
        }

        if (!column.IsQuantiles && Tolerance.Quantile is not null)
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileNotApplicable,
                $"{where} does not hold quantiles (it is {column.DataType}), so quantile {Tolerance.Quantile} cannot be read from it. Leave the quantile out.",
                row);
        }

        _sawDurationColumn |= column.IsDuration;
        return new PixieColumnBinding(ordinal, targetOrdinal, column.IsQuantiles ? null : table.GetNumericReader(ordinal));
    }

    private double Read(object row, object? value)
    {
        if (Tolerance.Quantile is { } quantile)
        {
            if (SampleValues.TryReadQuantile(value, quantile, out var number))
            {
                return number;
            }

            throw NotNumeric(row, value, $"which is not a quantiles object with {quantile.ToUpperInvariant()}");
        }

        if (SampleValues.TryRead(value, out var sample))
        {
            return sample;
        }

        if (SampleValues.IsQuantiles(value))
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileRequired,
                string.Create(CultureInfo.InvariantCulture, $"Row {RowCount} holds quantiles in column '{Tolerance.Column}' ({string.Join(", ", PixieQuantiles.Names)}); choose the one to test, for example P99."),
                row);
        }

        throw NotNumeric(row, value, "which is not a number");
    }

    private void Add(object row, double value)
    {
        if (double.IsNaN(value))
        {
            throw NotNumeric(row, value, "which cannot be compared; leave such rows out before the test");
        }

        if (Tolerance.Unit is { } unit)
        {
            value = DurationUnits.FromNanoseconds(value, unit);
        }

        _values.Add(value);
        KeepIfWorst(value, row);
    }

    // The worst rows, worst first: the largest values for Below, the smallest for Above. Ties keep the earlier row.
    private void KeepIfWorst(double value, object row)
    {
        var index = _worst.Count;
        while (index > 0 && IsWorse(value, _worst[index - 1].Value))
        {
            index--;
        }

        if (index < WorstRowCount)
        {
            _worst.Insert(index, (value, row));
            if (_worst.Count > WorstRowCount)
            {
                _worst.RemoveAt(WorstRowCount);
            }
        }
    }

    private bool IsWorse(double value, double than) => Tolerance.Comparison == ToleranceComparison.Below ? value > than : value < than;

    private ToleranceException NotNumeric(object row, object? value, string why) => new(
        ToleranceErrorKind.ValueNotNumeric,
        string.Create(CultureInfo.InvariantCulture, $"Row {RowCount} has {Describe(value)} in column '{Tolerance.Column}', {why}."),
        row);

    private static string Describe(object? value)
    {
        if (value is null)
        {
            return "no value (null)";
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        if (text.Length > 60)
        {
            text = string.Concat(text.AsSpan(0, 57), "...");
        }

        return $"'{text}' ({value.GetType().Name})";
    }

    /// <summary>Where a table's column and target column are, and the unboxed reader when the column is INT64 or FLOAT64.</summary>
    private readonly record struct PixieColumnBinding(int Ordinal, int TargetOrdinal, Func<PixieRow, double>? Reader);
}
