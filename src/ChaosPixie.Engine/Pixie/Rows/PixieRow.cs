using System.ComponentModel;
using ChaosPixie.Engine.Pixie;

// The row types live in the ChaosPixie namespace so that PowerShell sees the type names
// 'ChaosPixie.PixieRow' and 'ChaosPixie.PixieRow#<table>' on every row.
namespace ChaosPixie;

/// <summary>
/// One row of a Pixie table. Each table's relation gets its own class, derived from this one, with a typed
/// property per column (see RowShape); that keeps a million rows cheap to create and to pipe.
/// </summary>
public abstract class PixieRow
{
    private readonly PixieTable _table;

    protected PixieRow(PixieTable table) => _table = table;

    /// <summary>The table this row belongs to, with its relation (column types and semantic types).</summary>
    public PixieTable GetTable() => _table;

    /// <summary>The value of the column at <paramref name="ordinal"/>, boxed.</summary>
    public object? GetValue(int ordinal) => ValueAt(ordinal);

    /// <summary>An INT64 or FLOAT64 column's value as a double, unboxed.</summary>
    internal double GetNumber(int ordinal) => NumberAt(ordinal);

    /// <summary>An INT64 column's value, or a TIME64NS column's Unix nanoseconds, exact and unboxed.</summary>
    internal long GetInt64(int ordinal) => Int64At(ordinal);

    /// <summary>What a tagged row's emitted ClusterId property returns: its table's cluster.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Guid TableClusterId => _table.Cluster?.Id ?? Guid.Empty;

    /// <summary>What a tagged row's emitted ClusterName property returns.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected string? TableClusterName => _table.Cluster?.Name;

    /// <summary>Emitted per relation: a switch over the ordinal that boxes the column's field.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected abstract object? ValueAt(int ordinal);

    /// <summary>Emitted per relation: a switch over the numeric columns' ordinals.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected abstract double NumberAt(int ordinal);

    /// <summary>Emitted per relation: a switch over the INT64 and TIME64NS columns' ordinals.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected abstract long Int64At(int ordinal);

    /// <summary>What a time column's property returns for the nanoseconds the row keeps.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static PixieTime TimeOf(long nanoseconds) => new(nanoseconds);

    /// <summary>What the emitted switches throw for an ordinal they do not serve.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Exception NoSuchColumn(int ordinal) => new ArgumentOutOfRangeException(
        nameof(ordinal),
        ordinal,
        ordinal >= 0 && ordinal < _table.Columns.Count
            ? $"Column {ordinal} ('{_table.Columns[ordinal].Name}') of table '{PixieNames.Short(_table.Name)}' is {_table.Columns[ordinal].DataType}."
            : $"Table '{PixieNames.Short(_table.Name)}' has {_table.Columns.Count} columns (ordinals 0 to {_table.Columns.Count - 1}).");
}
