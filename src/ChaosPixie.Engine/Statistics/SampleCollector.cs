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
    private readonly ColumnReader _reader;
    private readonly ResumedTables _tables = new();
    private PixieTable? _targetTable;
    private int _targetOrdinal = -1;
    private bool? _targetClusterMatches;

    public SampleCollector(PercentileTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(tolerance);
        tolerance.Validate();
        Tolerance = tolerance;
        _reader = new ColumnReader(tolerance.Column, tolerance.Unit, tolerance.Quantile);
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

        Add(row, _reader.Read(row, value, RowCount));
    }

    /// <summary>
    /// Adds a Pixie row by its relation: the column's ordinal and reader are found once per table, numeric
    /// columns are read unboxed, and the relation says whether the values are nanosecond durations.
    /// </summary>
    public void AddRow(PixieRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        RowCount++;
        _tables.Add(row.GetTable());
        if (_reader.Bind(row) < 0)
        {
            return;
        }

        RowsWithColumn++;
        if (Tolerance.Target is { } target)
        {
            var table = row.GetTable();
            if (!ReferenceEquals(table, _targetTable))
            {
                _targetOrdinal = table.IndexOf(target.Column);
                // ClusterId and ClusterName are the same for all of a table's rows: matched once per table.
                _targetClusterMatches = _targetOrdinal < 0 && table.TryGetClusterField(target.Column, out var cluster) ? target.Matches(cluster) : null;
                _targetTable = table;
            }

            if (_targetClusterMatches == false || (_targetOrdinal >= 0 && !target.Matches(row.GetValue(_targetOrdinal))))
            {
                RowsOutsideTarget++;
                return;
            }
        }

        Add(row, _reader.Read(row, RowCount));
    }

    /// <summary>The percentile of the samples so far and the verdict, with the worst rows and a one-line explanation.</summary>
    public ToleranceResult Evaluate(string? group = null)
    {
        if (RowsWithColumn == 0)
        {
            throw NothingToMeasure(Tolerance, RowCount);
        }

        var samples = CollectionsMarshal.AsSpan(_values);
        samples.Sort();
        double? value = samples.IsEmpty ? null : Percentiles.OfSorted(samples, Tolerance.Percentile, Tolerance.Method);
        var resumes = _tables.Resumes;
        var verdict = samples.Length < Tolerance.MinimumSamples || (resumes > 0 && !Tolerance.AcceptResumeLoss) ? ToleranceVerdict.Inconclusive
            : Tolerance.Accepts(value!.Value) ? ToleranceVerdict.Passed
            : ToleranceVerdict.Failed;
        return new ToleranceResult(Tolerance, verdict, value, _reader.ValueUnit, samples.Length, RowsOutsideTarget, _worst.Select(w => w.Row).ToArray(), group) { Resumes = resumes, Samples = KeptSamples.Of(samples) };
    }

    /// <summary>The error when no row had the column: no rows at all, or a column name that no row has.</summary>
    public static ToleranceException NothingToMeasure(PercentileTolerance tolerance, long rowCount)
    {
        ArgumentNullException.ThrowIfNull(tolerance);
        return rowCount == 0
            ? new ToleranceException(
                ToleranceErrorKind.NoRows,
                $"No rows were given, so {tolerance.Label} cannot be measured. Pipe rows in, or pass them as input objects; an empty result often means the script's time window held no data.",
                tolerance.Column)
            : new ToleranceException(
                ToleranceErrorKind.ColumnNotFound,
                string.Create(CultureInfo.InvariantCulture, $"None of the {rowCount} rows has a column '{tolerance.Column}'. Check the column's name."),
                tolerance.Column);
    }

    private void Add(object row, double value)
    {
        if (double.IsNaN(value))
        {
            throw _reader.NotNumeric(row, value, RowCount, "which cannot be compared; leave such rows out before the test");
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
}
