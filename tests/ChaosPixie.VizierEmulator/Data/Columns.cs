using ChaosPixie.Engine.Pixie.Wire;
using Google.Protobuf;
using Google.Protobuf.Collections;
using WireUInt128 = ChaosPixie.Engine.Pixie.Wire.UInt128;

namespace ChaosPixie.VizierEmulator.Data;

/// <summary>Empty Column messages of a data type, sized up front, and the repeated field each one fills.</summary>
internal static class Columns
{
    public static Column Create(DataType type, int capacity)
    {
        var column = new Column();
        switch (type)
        {
            case DataType.Boolean:
                column.BooleanData = new BooleanColumn();
                column.BooleanData.Data.Capacity = capacity;
                break;
            case DataType.Int64:
                column.Int64Data = new Int64Column();
                column.Int64Data.Data.Capacity = capacity;
                break;
            case DataType.Time64Ns:
                column.Time64NsData = new Time64NSColumn();
                column.Time64NsData.Data.Capacity = capacity;
                break;
            case DataType.Float64:
                column.Float64Data = new Float64Column();
                column.Float64Data.Data.Capacity = capacity;
                break;
            case DataType.Uint128:
                column.Uint128Data = new UInt128Column();
                column.Uint128Data.Data.Capacity = capacity;
                break;
            case DataType.String:
                column.StringData = new StringColumn();
                column.StringData.Data.Capacity = capacity;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "no column for this data type");
        }

        return column;
    }

    public static RepeatedField<bool> Booleans(Column column) => column.BooleanData.Data;

    /// <summary>INT64 and TIME64NS columns both hold int64 values.</summary>
    public static RepeatedField<long> Int64s(Column column) =>
        column.ColDataCase == Column.ColDataOneofCase.Time64NsData ? column.Time64NsData.Data : column.Int64Data.Data;

    public static RepeatedField<double> Float64s(Column column) => column.Float64Data.Data;

    public static RepeatedField<WireUInt128> Uint128s(Column column) => column.Uint128Data.Data;

    public static RepeatedField<ByteString> Strings(Column column) => column.StringData.Data;
}
