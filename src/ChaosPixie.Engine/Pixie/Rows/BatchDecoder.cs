using ChaosPixie.Engine.Pixie.Wire;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace ChaosPixie.Engine.Pixie.Rows;

/// <summary>
/// Turns one RowBatchData into a typed array per column (the shape RowShape's factory reads rows from), checking it
/// against the table's relation: a batch that disagrees with it is a protocol error, never a row with a wrong value.
/// </summary>
internal static class BatchDecoder
{
    public static Array[] Decode(PixieTable table, RowBatchData batch)
    {
        if (batch.Cols.Count != table.Columns.Count)
        {
            throw Mismatch(table, $"a batch has {batch.Cols.Count} columns, the relation {table.Columns.Count}");
        }

        var rows = checked((int)batch.NumRows);
        var arrays = new Array[batch.Cols.Count];
        for (var i = 0; i < arrays.Length; i++)
        {
            var column = table.Columns[i];
            var data = batch.Cols[i];
            arrays[i] = (column.DataType, data.ColDataCase) switch
            {
                (PixieDataType.Boolean, Column.ColDataOneofCase.BooleanData) => Copy(data.BooleanData.Data, rows, table, column),
                (PixieDataType.Int64, Column.ColDataOneofCase.Int64Data) => Copy(data.Int64Data.Data, rows, table, column),
                (PixieDataType.Float64, Column.ColDataOneofCase.Float64Data) => Copy(data.Float64Data.Data, rows, table, column),
                (PixieDataType.Time64NS, Column.ColDataOneofCase.Time64NsData) => Convert(data.Time64NsData.Data, rows, table, column, ToTime),
                (PixieDataType.UInt128, Column.ColDataOneofCase.Uint128Data) => Convert(data.Uint128Data.Data, rows, table, column, ToGuid),
                (PixieDataType.String, Column.ColDataOneofCase.StringData) when column.IsQuantiles =>
                    Convert(data.StringData.Data, rows, table, column, bytes => PixieQuantiles.Parse(ToText(bytes))),
                (PixieDataType.String, Column.ColDataOneofCase.StringData) => Convert(data.StringData.Data, rows, table, column, ToText),
                _ => throw Mismatch(table, $"column '{column.Name}' is {column.DataType} in the relation but {data.ColDataCase} in a batch"),
            };
        }

        return arrays;
    }

    /// <summary>Unix nanoseconds as a UTC time (100 ns resolution, .NET's tick).</summary>
    public static DateTimeOffset ToTime(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    /// <summary>Pixie's UINT128 as a UUID: high then low, each big-endian, as pxapi does.</summary>
    public static Guid ToGuid(Wire.UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value.High);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], value.Low);
        return new Guid(bytes, bigEndian: true);
    }

    // Pixie strings are bytes and may hold anything (HTTP bodies): invalid UTF-8 becomes U+FFFD, it never throws.
    private static string ToText(ByteString bytes) => bytes.ToStringUtf8();

    private static T[] Copy<T>(RepeatedField<T> source, int rows, PixieTable table, PixieColumn column)
    {
        CheckLength(source.Count, rows, table, column);
        var array = new T[rows];
        source.CopyTo(array, 0);
        return array;
    }

    private static TOut[] Convert<TIn, TOut>(RepeatedField<TIn> source, int rows, PixieTable table, PixieColumn column, Func<TIn, TOut> convert)
    {
        CheckLength(source.Count, rows, table, column);
        var array = new TOut[rows];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = convert(source[i]);
        }

        return array;
    }

    private static void CheckLength(int count, int rows, PixieTable table, PixieColumn column)
    {
        if (count != rows)
        {
            throw Mismatch(table, $"column '{column.Name}' has {count} values in a batch of {rows} rows");
        }
    }

    private static PixieException Mismatch(PixieTable table, string what) =>
        new(PixieErrorKind.Protocol, $"Pixie sent a malformed batch for table '{table.Name}': {what}.");
}
