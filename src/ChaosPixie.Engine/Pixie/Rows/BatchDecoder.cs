using ChaosPixie.Engine.Pixie.Wire;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace ChaosPixie.Engine.Pixie.Rows;

/// <summary>
/// Checks every RowBatchData against its table's relation, whatever its num_rows says, and turns the batches whose
/// rows are wanted into a typed array per column (the shape RowShape's factory reads rows from). A batch that
/// disagrees with its relation is a protocol error, never a skipped batch or a row with a wrong value.
/// </summary>
internal static class BatchDecoder
{
    /// <summary>The batch's row count, once num_rows, the column count, each column's type and length agree.</summary>
    public static int Check(PixieTable table, RowBatchData batch)
    {
        if (batch.NumRows < 0 || batch.NumRows > int.MaxValue)
        {
            throw Malformed(table, $"num_rows is {batch.NumRows:N0}");
        }

        var rows = (int)batch.NumRows;
        if (batch.Cols.Count != table.Columns.Count)
        {
            throw Malformed(table, $"a batch has {batch.Cols.Count} columns, the relation {table.Columns.Count}");
        }

        if (table.Columns.Count == 0 && rows > 0)
        {
            throw Malformed(table, $"a batch of {rows:N0} rows has no columns");
        }

        for (var i = 0; i < batch.Cols.Count; i++)
        {
            var column = table.Columns[i];
            var data = batch.Cols[i];
            var count = (column.DataType, data.ColDataCase) switch
            {
                (PixieDataType.Boolean, Column.ColDataOneofCase.BooleanData) => data.BooleanData.Data.Count,
                (PixieDataType.Int64, Column.ColDataOneofCase.Int64Data) => data.Int64Data.Data.Count,
                (PixieDataType.Float64, Column.ColDataOneofCase.Float64Data) => data.Float64Data.Data.Count,
                (PixieDataType.Time64NS, Column.ColDataOneofCase.Time64NsData) => data.Time64NsData.Data.Count,
                (PixieDataType.UInt128, Column.ColDataOneofCase.Uint128Data) => data.Uint128Data.Data.Count,
                (PixieDataType.String, Column.ColDataOneofCase.StringData) => data.StringData.Data.Count,
                _ => throw Malformed(table, $"column '{PixieNames.Short(column.Name)}' is {column.DataType} in the relation but {data.ColDataCase} in a batch"),
            };
            if (count != rows)
            {
                throw Malformed(table, $"column '{PixieNames.Short(column.Name)}' has {count:N0} values in a batch whose num_rows is {rows:N0}");
            }
        }

        return rows;
    }

    /// <summary>The columns of a batch that <see cref="Check"/> accepted.</summary>
    public static Array[] Decode(PixieTable table, RowBatchData batch)
    {
        var arrays = new Array[batch.Cols.Count];
        for (var i = 0; i < arrays.Length; i++)
        {
            var data = batch.Cols[i];
            arrays[i] = data.ColDataCase switch
            {
                Column.ColDataOneofCase.BooleanData => Copy(data.BooleanData.Data),
                Column.ColDataOneofCase.Int64Data => Copy(data.Int64Data.Data),
                Column.ColDataOneofCase.Float64Data => Copy(data.Float64Data.Data),
                Column.ColDataOneofCase.Time64NsData => Copy(data.Time64NsData.Data),
                Column.ColDataOneofCase.Uint128Data => Convert(data.Uint128Data.Data, ToGuid),
                _ when table.Columns[i].IsQuantiles => Convert(data.StringData.Data, bytes => Quantiles(table, i, ToText(bytes))),
                _ => Convert(data.StringData.Data, ToText),
            };
        }

        return arrays;
    }

    /// <summary>Pixie's UINT128 as a UUID: high then low, each big-endian, as pxapi does.</summary>
    public static Guid ToGuid(Wire.UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value.High);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], value.Low);
        return new Guid(bytes, bigEndian: true);
    }

    // A value that is not Pixie's quantiles JSON stays the text it was, counted so the caller can warn: never a null.
    private static object Quantiles(PixieTable table, int ordinal, string text)
    {
        if (PixieQuantiles.Parse(text) is { } quantiles)
        {
            return quantiles;
        }

        table.CountUnparsedQuantiles(ordinal);
        return text;
    }

    // Pixie strings are bytes and may hold anything (HTTP bodies): invalid UTF-8 becomes U+FFFD, it never throws.
    private static string ToText(ByteString bytes) => bytes.ToStringUtf8();

    private static T[] Copy<T>(RepeatedField<T> source)
    {
        var array = new T[source.Count];
        source.CopyTo(array, 0);
        return array;
    }

    private static TOut[] Convert<TIn, TOut>(RepeatedField<TIn> source, Func<TIn, TOut> convert)
    {
        var array = new TOut[source.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = convert(source[i]);
        }

        return array;
    }

    private static PixieException Malformed(PixieTable table, string what) =>
        new(PixieErrorKind.Protocol, $"Pixie sent a malformed batch for table '{PixieNames.Short(table.Name)}': {what}. No row of this result can be trusted.")
        {
            RecommendedAction = PixieErrors.ProtocolAction,
        };
}
