using System.Globalization;
using System.Text.Json;
using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Scenarios;
using Google.Protobuf;

namespace ChaosPixie.VizierEmulator.Data;

/// <summary>Chooses the source of a column's values: literal rows, or generation from the column's hints.</summary>
internal static class ColumnSources
{
    /// <summary>2023-07-22T04:26:40Z: a fixed start keeps generated rows identical from run to run.</summary>
    public const long DefaultStartNs = 1_690_000_000_000_000_000;
    public const long DefaultStepNs = 1_000_000_000;

    private const int GeneratedPoolSize = 64;

    /// <summary>A column read from literal rows (or a "values" list, then cycled or picked by <paramref name="random"/>).</summary>
    public static ColumnSource Pool(DataType type, IReadOnlyList<JsonElement> values, Func<int, string> path, SplitMix64? random) =>
        type switch
        {
            DataType.Boolean => new PoolSource<bool>(JsonValues.Read(values, JsonValues.Boolean, path), Columns.Booleans, random),
            DataType.Int64 or DataType.Time64Ns => new PoolSource<long>(JsonValues.Read(values, JsonValues.Int64, path), Columns.Int64s, random),
            DataType.Float64 => new PoolSource<double>(JsonValues.Read(values, JsonValues.Float64, path), Columns.Float64s, random),
            DataType.Uint128 => new PoolSource<Engine.Pixie.Wire.UInt128>(JsonValues.Read(values, JsonValues.Uint128, path), Columns.Uint128s, random),
            DataType.String => new PoolSource<ByteString>(JsonValues.Read(values, JsonValues.String, path), Columns.Strings, random),
            _ => throw new ScenarioException($"{path(0)}: no values for data type {type}."),
        };

    /// <summary>A generated column: its hints if any, otherwise defaults that suit its data and semantic types.</summary>
    public static ColumnSource Generated(ColumnDocument column, DataType type, SemanticType semantic, SplitMix64 random, string path)
    {
        var hint = column.Generate ?? new ColumnGenerateDocument();
        CheckHints(hint, type, path);
        if (hint.Values is { } values)
        {
            if (values.Count == 0)
            {
                throw new ScenarioException($"{path}.generate.values: give at least one value.");
            }

            var picker = hint.Order switch
            {
                null or "cycle" => null,
                "random" => random,
                _ => throw new ScenarioException($"{path}.generate.order: '{hint.Order}' is neither \"cycle\" nor \"random\"."),
            };
            return Pool(type, values, i => $"{path}.generate.values[{i}]", picker);
        }

        var isDuration = semantic == SemanticType.StDurationNs;
        switch (type)
        {
            case DataType.Time64Ns:
                return new TimeSource(hint.Start ?? DefaultStartNs, hint.Step ?? DefaultStepNs);
            case DataType.Int64:
                var min = (long)(hint.Min ?? (isDuration ? 1_000_000 : 0));
                var max = (long)(hint.Max ?? (isDuration ? 500_000_000 : 1000));
                return new UniformInt64Source(min, max, random);
            case DataType.Float64:
                return new UniformFloat64Source(hint.Min ?? 0, hint.Max ?? 1, random);
            case DataType.Boolean:
                return new PoolSource<bool>([false, true], Columns.Booleans, random);
            case DataType.Uint128:
                return new RandomUint128Source(random);
            case DataType.String when semantic is SemanticType.StQuantiles or SemanticType.StDurationNsQuantiles:
                var durations = semantic == SemanticType.StDurationNsQuantiles;
                return new PoolSource<ByteString>(
                    QuantilePool(hint.Min ?? (durations ? 1e6 : 0), hint.Max ?? (durations ? 3e8 : 1), random),
                    Columns.Strings,
                    random);
            case DataType.String:
                var names = new ByteString[GeneratedPoolSize / 4];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = ByteString.CopyFromUtf8($"{column.Name}-{i}");
                }

                return new PoolSource<ByteString>(names, Columns.Strings, random);
            default:
                throw new ScenarioException($"{path}.type: cannot generate {type} values.");
        }
    }

    private static void CheckHints(ColumnGenerateDocument hint, DataType type, string path)
    {
        if ((hint.Min is not null || hint.Max is not null) && type is not (DataType.Int64 or DataType.Float64 or DataType.String))
        {
            throw new ScenarioException($"{path}.generate: min/max apply to INT64, FLOAT64 and quantiles columns, not {type}.");
        }

        if (hint.Min > hint.Max)
        {
            throw new ScenarioException($"{path}.generate: min {hint.Min} is greater than max {hint.Max}.");
        }

        if ((hint.Start is not null || hint.Step is not null) && type != DataType.Time64Ns)
        {
            throw new ScenarioException($"{path}.generate: start/step apply to TIME64NS columns only.");
        }
    }

    /// <summary>Pixie's quantiles JSON with a p50 uniform in [min, max) and the other quantiles spread around it.</summary>
    private static ByteString[] QuantilePool(double min, double max, SplitMix64 random)
    {
        ReadOnlySpan<(string Name, double Factor)> shape =
            [("p01", 0.2), ("p10", 0.5), ("p25", 0.8), ("p50", 1.0), ("p75", 1.3), ("p90", 1.7), ("p99", 2.5)];
        var pool = new ByteString[GeneratedPoolSize];
        for (var i = 0; i < pool.Length; i++)
        {
            var p50 = min + (random.NextDouble() * (max - min));
            var parts = new string[shape.Length];
            for (var q = 0; q < shape.Length; q++)
            {
                parts[q] = $"\"{shape[q].Name}\":{(p50 * shape[q].Factor).ToString(CultureInfo.InvariantCulture)}";
            }

            pool[i] = ByteString.CopyFromUtf8("{" + string.Join(',', parts) + "}");
        }

        return pool;
    }
}
