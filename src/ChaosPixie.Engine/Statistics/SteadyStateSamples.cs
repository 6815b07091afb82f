using System.Globalization;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// The values of a before/after comparison as rows stream in: one column read the way the tolerances read it (or
/// plain numbers without a column), per side and per group. Only the numbers are kept.
/// </summary>
public sealed class SteadyStateSamples
{
    private readonly Dictionary<string, (List<double> Baseline, List<double> Candidate)> _groups = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly ColumnReader? _reader;
    private readonly long[] _rows = new long[2];
    private readonly long[] _rowsWithColumn = new long[2];
    private readonly ResumedTables _tables = new();

    /// <summary><paramref name="column"/> null compares plain numbers; <paramref name="groupBy"/> null compares all rows as one.</summary>
    public SteadyStateSamples(string? column, DurationUnit? unit, string? quantile, string? groupBy)
    {
        GroupBy = groupBy;
        _reader = column is null ? null : new ColumnReader(column, unit, quantile);
        Unit = unit;
    }

    public string? GroupBy { get; }

    /// <summary>Compares rows of a result resumed after a cut (which may lack rows); without it the verdict is Inconclusive.</summary>
    public bool AcceptResumeLoss { get; init; }

    public string? Column => _reader?.Column;

    private DurationUnit? Unit { get; }

    /// <summary>A plain number (or numeric text): only without a column. <paramref name="row"/> names the value in errors.</summary>
    public void AddNumber(bool candidate, object row, object? value, bool hasGroup, object? groupValue)
    {
        var side = Count(candidate);
        _rowsWithColumn[side]++;
        if (!SampleValues.TryRead(value, out var number))
        {
            throw new ToleranceException(
                ToleranceErrorKind.ColumnRequired,
                string.Create(CultureInfo.InvariantCulture, $"{Side(candidate)} item {_rows[side]} is {(value is null ? "null" : $"a {value.GetType().Name}")}, not a number; give -Column to read a column of rows."),
                row);
        }

        Add(candidate, row, Unit is { } unit ? DurationUnits.FromNanoseconds(number, unit) : number, hasGroup, groupValue);
    }

    /// <summary>A row read by name by the caller: whether it has the column, and its value.</summary>
    public void AddRow(bool candidate, object row, bool hasColumn, object? value, bool hasGroup, object? groupValue)
    {
        var side = Count(candidate);
        if (hasColumn)
        {
            _rowsWithColumn[side]++;
            Add(candidate, row, Reader.Read(row, value, _rows[side]), hasGroup, groupValue);
        }
    }

    /// <summary>A Pixie row, read through its relation.</summary>
    public void AddRow(bool candidate, PixieRow row, bool hasGroup, object? groupValue)
    {
        ArgumentNullException.ThrowIfNull(row);
        var side = Count(candidate);
        _tables.Add(row.GetTable());
        if (Reader.Bind(row) >= 0)
        {
            _rowsWithColumn[side]++;
            Add(candidate, row, Reader.Read(row, _rows[side]), hasGroup, groupValue);
        }
    }

    /// <summary>Every group compared with the same criteria (each at 1 - (1 - c)/G with Bonferroni's correction).</summary>
    public IReadOnlyList<SteadyStateComparison> Compare(SteadyStateCriteria criteria, bool bonferroni)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        criteria.Validate();
        for (var side = 0; side < 2; side++)
        {
            if (_rows[side] > 0 && _rowsWithColumn[side] == 0)
            {
                throw new ToleranceException(
                    ToleranceErrorKind.ColumnNotFound,
                    string.Create(CultureInfo.InvariantCulture, $"None of the {_rows[side]} {Side(side == 1).ToLowerInvariant()} rows has a column '{Column}'. Check the column's name."),
                    Column);
            }
        }

        var each = bonferroni ? criteria.ForEachOf(Math.Max(1, _order.Count)) : criteria;
        var resumes = AcceptResumeLoss ? 0 : _tables.Resumes;
        var unit = _reader?.ValueUnit ?? Unit;
        if (_order.Count == 0)
        {
            return [SteadyStateJudge.Compare([], [], each, new ComparisonLabel(Column, unit, GroupBy is null ? null : GroupKey.Missing), resumes)];
        }

        return _order.Select(name => SteadyStateJudge.Compare(_groups[name].Baseline, _groups[name].Candidate, each, new ComparisonLabel(Column, unit, GroupBy is null ? null : name), resumes)).ToArray();
    }

    /// <summary>Every group compared, and the overall verdict by <paramref name="requirement"/>.</summary>
    public SteadyStateGroupComparison CompareGroups(SteadyStateCriteria criteria, GroupRequirement requirement, bool bonferroni) =>
        new(GroupBy ?? throw new InvalidOperationException("The samples are not grouped."), requirement, criteria, bonferroni, Compare(criteria, bonferroni));

    private ColumnReader Reader => _reader ?? throw new InvalidOperationException("Rows are read by a column; this comparison takes numbers.");

    private static string Side(bool candidate) => candidate ? "Candidate" : "Baseline";

    private int Count(bool candidate)
    {
        var side = candidate ? 1 : 0;
        _rows[side]++;
        return side;
    }

    private void Add(bool candidate, object row, double value, bool hasGroup, object? groupValue)
    {
        if (double.IsInfinity(value))
        {
            throw new ToleranceException(
                ToleranceErrorKind.ValueNotNumeric,
                string.Create(CultureInfo.InvariantCulture, $"{Side(candidate)} row {_rows[candidate ? 1 : 0]} has an infinite value{(Column is null ? string.Empty : $" in column '{Column}'")}, which has no shift to estimate; leave such rows out before the comparison."),
                row);
        }

        var name = GroupBy is null ? string.Empty : hasGroup ? GroupKey.Text(groupValue) : GroupKey.Missing;
        if (!_groups.TryGetValue(name, out var lists))
        {
            lists = ([], []);
            _groups.Add(name, lists);
            _order.Add(name);
        }

        (candidate ? lists.Candidate : lists.Baseline).Add(value);
    }
}
