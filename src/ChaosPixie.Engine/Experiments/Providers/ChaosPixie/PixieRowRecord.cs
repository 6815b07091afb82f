using System.Globalization;
using System.Text.Json.Nodes;
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

    public static JsonObject From(PixieRow row)
    {
        var table = row.GetTable();
        var record = new JsonObject();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            record[table.Columns[i].Name] = Value(row.GetValue(i));
        }

        // handle_timestamp: the first of these keys present, by exact name.
        var time = TimeColumns.Select(name => record[name]).FirstOrDefault(value => value is not null);
        if (time is JsonValue value && value.TryGetValue(out long nanoseconds))
        {
            record["_dt"] = JournalTime.Format(DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100));
        }

        return record;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        DateTimeOffset time => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
        Guid id => id.ToString("D"),
        // JSON has no NaN or infinity; Python would write a bare NaN that strict readers refuse.
        double d when !double.IsFinite(d) => null,
        PixieQuantiles q => Quantiles(q),
        _ => JsonValue.Create(value),
    };

    private static string Quantiles(PixieQuantiles q) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"p01\": {q.P01:R}, \"p10\": {q.P10:R}, \"p25\": {q.P25:R}, \"p50\": {q.P50:R}, \"p75\": {q.P75:R}, \"p90\": {q.P90:R}, \"p99\": {q.P99:R}}}");
}
