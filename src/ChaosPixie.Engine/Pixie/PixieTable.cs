using ChaosPixie.Engine.Pixie.Rows;

namespace ChaosPixie.Engine.Pixie;

/// <summary>A table of a script's result: its id (unique per query), its name (from px.display) and its relation.</summary>
public sealed class PixieTable
{
    private RowShape? _shape;
    private long[]? _unparsedQuantiles;

    internal PixieTable(PixieQuery query, string id, string name, IReadOnlyList<PixieColumn> columns, Clusters.PixieClusterTag? cluster = null)
    {
        Query = query;
        Id = id;
        Name = name;
        Columns = columns;
        Cluster = cluster;
    }

    /// <summary>The query whose result this table is.</summary>
    public PixieQuery Query { get; }

    /// <summary>The cluster whose result this table is, when the call ran on several; its rows then carry ClusterId and ClusterName.</summary>
    public Clusters.PixieClusterTag? Cluster { get; }

    public string Id { get; }

    /// <summary>The name exactly as Pixie sent it (the row type name is made safe from it, see <see cref="RowType"/>).</summary>
    public string Name { get; }

    public IReadOnlyList<PixieColumn> Columns { get; }

    /// <summary>
    /// How many times the result this table belongs to was resumed after a cut. Pixie may lose up to two messages
    /// across a resume and batches carry no sequence number, so rows of a resumed result may be missing unseen.
    /// </summary>
    public int Resumes { get; internal set; }

    /// <summary>The class of this table's rows: 'ChaosPixie.PixieRow#name' for a name of letters, digits, '_', '-' and '.'.</summary>
    public Type RowType => Shape.RowType;

    /// <summary>Made at the first row that needs it: a table whose rows are not read costs no class.</summary>
    internal RowShape Shape => _shape ??= RowShape.For(Name, Columns, Cluster is not null);

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

    /// <summary>The value of a tagged table's ClusterId or ClusterName (ignoring case), the same for all its rows.</summary>
    internal bool TryGetClusterField(string name, out object? value)
    {
        value = null;
        if (Cluster is null)
        {
            return false;
        }

        if (string.Equals(name, Clusters.PixieClusterTag.PropertyNames[0], StringComparison.OrdinalIgnoreCase))
        {
            value = Cluster.Id;
            return true;
        }

        if (string.Equals(name, Clusters.PixieClusterTag.PropertyNames[1], StringComparison.OrdinalIgnoreCase))
        {
            value = Cluster.Name;
            return true;
        }

        return false;
    }

    /// <summary>An unboxed reader for an INT64 or FLOAT64 column; null for a column of another type.</summary>
    public Func<PixieRow, double>? GetNumericReader(int ordinal) =>
        Columns[ordinal].ClrType == typeof(long) || Columns[ordinal].ClrType == typeof(double) ? row => row.GetNumber(ordinal) : null;

    public override string ToString() => Name;
}
