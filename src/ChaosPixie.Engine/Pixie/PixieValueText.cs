using System.Globalization;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// A row's value as a person reads it, by the column's semantic type: durations in ms, rates per second, fractions as
/// percentages, sizes in KiB/MiB/GiB, times in UTC. For display only; the rows keep Pixie's raw values.
/// </summary>
public static class PixieValueText
{
    private const double NanosecondsPerMillisecond = 1e6;
    private const double NanosecondsPerSecond = 1e9;

    public static string Format(PixieColumn column, object? value) => value switch
    {
        null => string.Empty,
        PixieTime time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        PixieQuantiles quantiles => column.IsDuration
            ? $"p50 {Milliseconds(quantiles.P50)}, p99 {Milliseconds(quantiles.P99)}"
            : $"p50 {Number(quantiles.P50)}, p99 {Number(quantiles.P99)}",
        long or double => Scalar(column.SemanticType, Convert.ToDouble(value, CultureInfo.InvariantCulture), value),
        bool flag => flag ? "True" : "False",
        _ => Convert.ToString(value, CultureInfo.CurrentCulture) ?? string.Empty,
    };

    /// <summary>Whether the column's text is a number, to be aligned right.</summary>
    public static bool IsNumeric(PixieColumn column) =>
        column.DataType is PixieDataType.Int64 or PixieDataType.Float64 && column.SemanticType is not (PixieSemanticType.Port or PixieSemanticType.HttpRespStatus);

    /// <summary>The width a column's values usually take, so that a table can be laid out before its rows are seen.</summary>
    public static int TypicalWidth(PixieColumn column) => column.IsQuantiles ? 28 : column.DataType switch
    {
        PixieDataType.Time64NS => 24,
        PixieDataType.UInt128 => 36,
        PixieDataType.Boolean => 5,
        PixieDataType.String => 24,
        _ => column.SemanticType switch
        {
            PixieSemanticType.Port or PixieSemanticType.HttpRespStatus => 5,
            PixieSemanticType.Percent => 8,
            _ => 12,
        },
    };

    private static string Scalar(PixieSemanticType type, double number, object raw) => type switch
    {
        PixieSemanticType.DurationNS => Milliseconds(number),
        PixieSemanticType.ThroughputPerNS => $"{Number(number * NanosecondsPerSecond)}/s",
        PixieSemanticType.ThroughputBytesPerNS => $"{Bytes(number * NanosecondsPerSecond)}/s",
        PixieSemanticType.Bytes => Bytes(number),
        PixieSemanticType.Percent => double.IsFinite(number) ? $"{(number * 100).ToString("0.00", CultureInfo.CurrentCulture)} %" : string.Empty,
        _ => raw is long whole ? whole.ToString(CultureInfo.CurrentCulture) : Number(number),
    };

    private static string Milliseconds(double nanoseconds) => $"{Number(nanoseconds / NanosecondsPerMillisecond)} ms";

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.CurrentCulture) : string.Empty;

    private static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (Math.Abs(bytes) >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return $"{bytes.ToString(unit == 0 ? "0" : "0.0", CultureInfo.CurrentCulture)} {units[unit]}";
    }
}
