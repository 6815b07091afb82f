using System.Globalization;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// A Pixie row as chaostoolkit-pixie's probes return it: column name to value, times as Unix nanoseconds, UUIDs as
/// text, and `_dt`, the ISO time of `time_`, `create_time` or `start_time`. Unlike pxapi 0.7+, strings are decoded
/// (bytes cannot be written to a journal); quantiles stay Pixie's JSON text.
/// </summary>
internal static class PixieRowRecord
{
    private static readonly string[] TimeColumns = ["time_", "create_time", "start_time"];

    /// <summary>Fills <paramref name="record"/> (cleared first) with the row's fields.</summary>
    public static void Read(PixieRow row, JournalRow record)
    {
        record.Clear();
        var table = row.GetTable();
        long? time = null;
        var timeRank = TimeColumns.Length;
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var name = table.Columns[i].Name;
            var value = Value(row.GetValue(i));
            record.Add(name, value);

            // handle_timestamp: the first of these keys that has a value, by exact name.
            var rank = Array.IndexOf(TimeColumns, name);
            if (rank >= 0 && rank < timeRank && value is not null)
            {
                timeRank = rank;
                time = value as long?;
            }
        }

        if (time is { } nanoseconds)
        {
            record.Add("_dt", JournalTime.Format(new PixieTime(nanoseconds).ToDateTimeOffset()));
        }
    }

    private static object? Value(object? value) => value switch
    {
        null => null,
        PixieTime time => time.UnixNanoseconds,
        Guid id => id.ToString("D"),
        // JSON has no NaN or infinity; Python would write a bare NaN that strict readers refuse.
        double d when !double.IsFinite(d) => null,
        PixieQuantiles q => Quantiles(q),
        _ => value,
    };

    private static string Quantiles(PixieQuantiles q) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"p01\": {q.P01:R}, \"p10\": {q.P10:R}, \"p25\": {q.P25:R}, \"p50\": {q.P50:R}, \"p75\": {q.P75:R}, \"p90\": {q.P90:R}, \"p99\": {q.P99:R}}}");
}
