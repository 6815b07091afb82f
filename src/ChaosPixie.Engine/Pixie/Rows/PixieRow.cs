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
    public object? GetValue(int ordinal) => _table.Shape.Getters[ordinal](this);
}
