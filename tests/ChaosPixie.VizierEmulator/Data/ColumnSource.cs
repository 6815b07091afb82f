using ChaosPixie.Engine.Pixie.Wire;
using Google.Protobuf.Collections;

namespace ChaosPixie.VizierEmulator.Data;

/// <summary>Writes a column's values straight into a batch's repeated field, batch after batch in row order.</summary>
internal abstract class ColumnSource
{
    public abstract void Fill(Column column, long firstRow, int count);
}

/// <summary>
/// Values taken from a fixed array: literal rows (the array is the whole column), or a "values" list cycled in order
/// or picked at random. Reference values (strings, UUIDs) are shared, never copied per row.
/// </summary>
internal sealed class PoolSource<T>(T[] pool, Func<Column, RepeatedField<T>> target, SplitMix64? random) : ColumnSource
{
    public override void Fill(Column column, long firstRow, int count)
    {
        var data = target(column);
        for (var i = 0; i < count; i++)
        {
            var index = random is null ? (int)((firstRow + i) % pool.Length) : random.NextIndex(pool.Length);
            data.Add(pool[index]);
        }
    }
}

/// <summary>Evenly spaced times: start + row * step.</summary>
internal sealed class TimeSource(long start, long step) : ColumnSource
{
    public override void Fill(Column column, long firstRow, int count)
    {
        var data = Columns.Int64s(column);
        for (var i = 0; i < count; i++)
        {
            data.Add(start + ((firstRow + i) * step));
        }
    }
}

/// <summary>Uniform integers in [min, max].</summary>
internal sealed class UniformInt64Source(long min, long max, SplitMix64 random) : ColumnSource
{
    private readonly ulong span = (ulong)(max - min) + 1;

    public override void Fill(Column column, long firstRow, int count)
    {
        var data = Columns.Int64s(column);
        for (var i = 0; i < count; i++)
        {
            // A span of 0 means the whole 64-bit range.
            data.Add(span == 0 ? (long)random.Next() : min + (long)(random.Next() % span));
        }
    }
}

/// <summary>Uniform doubles in [min, max).</summary>
internal sealed class UniformFloat64Source(double min, double max, SplitMix64 random) : ColumnSource
{
    public override void Fill(Column column, long firstRow, int count)
    {
        var data = Columns.Float64s(column);
        for (var i = 0; i < count; i++)
        {
            data.Add(min + (random.NextDouble() * (max - min)));
        }
    }
}

/// <summary>Random 128-bit values (UUIDs).</summary>
internal sealed class RandomUint128Source(SplitMix64 random) : ColumnSource
{
    public override void Fill(Column column, long firstRow, int count)
    {
        var data = Columns.Uint128s(column);
        for (var i = 0; i < count; i++)
        {
            data.Add(new Engine.Pixie.Wire.UInt128 { High = random.Next(), Low = random.Next() });
        }
    }
}
