using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Data;
using ChaosPixie.VizierEmulator.Scenarios;
using Grpc.Core;

namespace ChaosPixie.VizierEmulator.Faults;

/// <summary>
/// The faults that change what the tables are rather than how they are sent: names a client must cope with, and
/// many distinct relations. The scenario's tables are never changed; a query gets changed copies.
/// </summary>
internal static class TableFaults
{
    private const string NameFiller = "-é [x],";

    public static IReadOnlyList<EmulatedTable> Apply(Fault? fault, IReadOnlyList<EmulatedTable> tables) => fault?.Kind switch
    {
        FaultKind.LongTableName => First(tables, t => t with { Name = LongName(t.Name, fault.Count) }),
        FaultKind.EmptyColumnName => First(tables, t => t with { Relation = Renamed(t.Relation, 0, string.Empty) }),
        FaultKind.DuplicateColumnName => First(tables, t => t.Relation.Columns.Count < 2
            ? throw Precondition("duplicate-column-name needs a first table with two columns or more")
            : t with { Relation = Renamed(t.Relation, 1, t.Relation.Columns[0].ColumnName) }),
        FaultKind.ManyTables => Enumerable.Range(1, fault.Count).Select(Distinct).ToArray(),
        _ => tables,
    };

    /// <summary>The first table's relation with another type for its first column (INT64, or STRING for an INT64 one).</summary>
    public static Relation ChangedRelation(EmulatedTable table)
    {
        if (table.Relation.Columns.Count == 0)
        {
            throw Precondition("relation-change needs a first table with a column");
        }

        var relation = table.Relation.Clone();
        var first = relation.Columns[0];
        first.ColumnType = first.ColumnType == DataType.Int64 ? DataType.String : DataType.Int64;
        first.ColumnSemanticType = SemanticType.StNone;
        return relation;
    }

    private static IReadOnlyList<EmulatedTable> First(IReadOnlyList<EmulatedTable> tables, Func<EmulatedTable, EmulatedTable> change) =>
        tables.Count == 0 ? throw Precondition("this fault needs a scenario with a table") : [change(tables[0]), .. tables.Skip(1)];

    // The table's own name, then "-é [x]," repeated: non-ASCII letters, blanks and a type name's special characters.
    private static string LongName(string name, int length) =>
        string.Concat(Enumerable.Repeat(NameFiller, (length / NameFiller.Length) + 1)).Insert(0, name)[..length];

    private static Relation Renamed(Relation relation, int column, string name)
    {
        var copy = relation.Clone();
        copy.Columns[column].ColumnName = name;
        return copy;
    }

    // Table t<i>: columns c<i> (INT64, value i) and v (FLOAT64, 0.5), one row: no two relations alike.
    private static EmulatedTable Distinct(int i)
    {
        var relation = new Relation();
        relation.Columns.Add(new Relation.Types.ColumnInfo { ColumnName = $"c{i}", ColumnType = DataType.Int64, ColumnSemanticType = SemanticType.StNone });
        relation.Columns.Add(new Relation.Types.ColumnInfo { ColumnName = "v", ColumnType = DataType.Float64, ColumnSemanticType = SemanticType.StNone });
        var number = Columns.Create(DataType.Int64, 1);
        Columns.Int64s(number).Add(i);
        var ratio = Columns.Create(DataType.Float64, 1);
        Columns.Float64s(ratio).Add(0.5);
        var empty = new EmulatedBatch([Columns.Create(DataType.Int64, 0), Columns.Create(DataType.Float64, 0)], 0);
        return new EmulatedTable($"t{i}", relation, [new EmulatedBatch([number, ratio], 1)], empty, 1, 16);
    }

    private static RpcException Precondition(string what) =>
        new(new Grpc.Core.Status(StatusCode.FailedPrecondition, $"emulator: {what}"));
}
