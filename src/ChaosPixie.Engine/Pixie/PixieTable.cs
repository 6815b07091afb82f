using ChaosPixie.Engine.Pixie.Rows;

namespace ChaosPixie.Engine.Pixie;

/// <summary>A table of a script's result: its id (unique per query), its name (from px.display) and its relation.</summary>
public sealed class PixieTable
{
    private RowShape? _shape;
    private long[]? _unparsedQuantiles;

    internal PixieTable(PixieQuery query, string id, string name, IReadOnlyList<PixieColumn> columns)
    {
        Query = query;
        Id = id;
        Name = name;
        Columns = columns;
    }

    /// <summary>The query whose result this table is.</summary>
    public PixieQuery Query { get; }

    public string Id { get; }

    /// <summary>The name exactly as Pixie sent it (the row type name is made safe from it, see <see cref="RowType"/>).</summary>
    public string Name { get; }

    public IReadOnlyList<PixieColumn> Columns { get; }

    /// <summary>The class of this table's rows: 'ChaosPixie.PixieRow#name' for a name of letters, digits, '_', '-' and '.'.</summary>
    public Type RowType => Shape.RowType;

    /// <summary>Made at the first row that needs it: a table whose rows are not read costs no class.</summary>
    internal RowShape Shape => _shape ??= RowShape.For(Name, Columns);

    /// <summary>The ordinal of a column: an exact match first, then one that differs only in case; -1 when absent.</summary>
    public int IndexOf(string columnName)
    {
        var folded = -1;
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, columnName, StringComparison.Ordinal))
            {
                return i;
            }

            if (folded < 0 && string.Equals(Columns[i].Name, columnName, StringComparison.OrdinalIgnoreCase))
            {
                folded = i;
            }
        }

        return folded;
    }

    /// <summary>The quantiles columns some of whose values were not Pixie's quantiles JSON (kept as text), with how many.</summary>
    public IReadOnlyList<(PixieColumn Column, long Count)> UnparsedQuantiles =>
        _unparsedQuantiles is { } counts ? counts.Select((n, i) => (Columns[i], n)).Where(c => c.n > 0).ToArray() : [];

    internal void CountUnparsedQuantiles(int ordinal) => (_unparsedQuantiles ??= new long[Columns.Count])[ordinal]++;

    /// <summary>An unboxed reader for an INT64 or FLOAT64 column; null for a column of another type.</summary>
    public Func<PixieRow, double>? GetNumericReader(int ordinal) =>
        Columns[ordinal].ClrType == typeof(long) || Columns[ordinal].ClrType == typeof(double) ? row => row.GetNumber(ordinal) : null;

    public override string ToString() => Name;
}
