using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>Where a point was measured: the steady state before, during or after the method.</summary>
internal enum SeriesPhase
{
    Before,
    During,
    After,
}

/// <summary>One measured value of a row: its time (Unix nanoseconds) and the value in the tolerance's unit.</summary>
internal readonly record struct SeriesPoint(long Time, double Value);

/// <summary>
/// What a chart of one tolerance judged on Pixie data shows: the probe, the column in the tolerance's unit, the
/// points of each phase (every row the probe returned, from the journal or the rows file beside it) and the threshold.
/// Read from the journal itself, as it holds the rows; a probe whose tolerance result names no column, or whose rows
/// have no time, has no chart.
/// </summary>
internal sealed class ToleranceSeries
{
    private ToleranceSeries(string probe, string column, string? unit, double? threshold, string comparison)
    {
        Probe = probe;
        Column = column;
        Unit = unit;
        Threshold = threshold;
        Comparison = comparison;
    }

    public string Probe { get; }

    public string Column { get; }

    /// <summary>The unit symbol of the values (ms, s, us, ns), or null for the column's raw values.</summary>
    public string? Unit { get; }

    /// <summary>The threshold; for a before/after tolerance, the target its first judgement after the baseline computed.</summary>
    public double? Threshold { get; private set; }

    /// <summary>A before/after tolerance's band of the values before the method (their middle 80%); null otherwise.</summary>
    public (double Low, double High)? BaselineBand { get; private set; }

    /// <summary>"below" or "above": which side of the threshold passes.</summary>
    public string Comparison { get; }

    public Dictionary<SeriesPhase, List<SeriesPoint>> Points { get; } = [];

    public int PointCount => Points.Values.Sum(p => p.Count);

    /// <summary>The series of every Pixie tolerance in the journal file, in the order of the hypothesis' probes.</summary>
    public static IReadOnlyList<ToleranceSeries> Read(string journalPath)
    {
        var journal = JournalDocument.Load(journalPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(journalPath)) ?? ".";
        var states = journal?["steady_states"] as JsonObject;
        var byProbe = new Dictionary<string, ToleranceSeries>(StringComparer.Ordinal);
        Add(byProbe, states?["before"], SeriesPhase.Before, folder);
        if (states?["during"] is JsonArray during)
        {
            foreach (var state in during)
            {
                Add(byProbe, state, SeriesPhase.During, folder);
            }
        }

        Add(byProbe, states?["after"], SeriesPhase.After, folder);
        return byProbe.Values.Where(s => s.PointCount > 0).ToList();
    }

    private static void Add(Dictionary<string, ToleranceSeries> byProbe, JsonNode? state, SeriesPhase phase, string folder)
    {
        if (state?["probes"] is not JsonArray probes)
        {
            return;
        }

        foreach (var record in probes.OfType<JsonObject>())
        {
            if (record["tolerance_result"] is not JsonObject result || JournalText.String(result["column"]) is not { } column
                || JournalText.String(record["activity"]?["name"]) is not { } name)
            {
                continue;
            }

            if (!byProbe.TryGetValue(name, out var series))
            {
                var comparison = JournalText.String(result["expectation"]) is { } expectation && expectation.Contains(">=", StringComparison.Ordinal) ? "above" : "below";
                series = new ToleranceSeries(name, column, JournalText.String(result["unit"]), Number(result["threshold"]), comparison);
                byProbe.Add(name, series);
            }

            // A before/after tolerance has its threshold (a target from the baseline) and band only once it judged.
            series.Threshold ??= Number(result["threshold"]);
            if (series.BaselineBand is null && result["baseline"] is JsonObject baseline && Number(baseline["band_low"]) is { } bandLow && Number(baseline["band_high"]) is { } bandHigh)
            {
                series.BaselineBand = (bandLow, bandHigh);
            }

            var quantile = JournalText.String(result["quantile"])?.ToLowerInvariant();
            var unit = DurationUnits.FromSymbol(series.Unit);
            if (!series.Points.TryGetValue(phase, out var points))
            {
                series.Points[phase] = points = [];
            }

            foreach (var row in Rows(record, folder))
            {
                if (Number(row["time_"]) is { } time && Value(row[column], quantile) is { } value && double.IsFinite(value))
                {
                    points.Add(new SeriesPoint((long)time, unit is { } u ? DurationUnits.FromNanoseconds(value, u) : value));
                }
            }
        }
    }

    // Every row of the output: inline, or all of them in the rows file the journal names beside it (output_rows.file).
    private static IEnumerable<JsonObject> Rows(JsonObject record, string folder)
    {
        if (JournalText.String(record["output_rows"]?["file"]) is { } file && Path.GetFileName(file) == file
            && Path.Combine(folder, file) is var path && File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!string.IsNullOrWhiteSpace(line) && Parse(line) is JsonObject row)
                {
                    yield return row;
                }
            }

            yield break;
        }

        if (record["output"] is JsonArray rows)
        {
            foreach (var row in rows.OfType<JsonObject>())
            {
                yield return row;
            }
        }
    }

    private static JsonNode? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A quantiles column holds Pixie's JSON text: the tolerance's quantile is read from it.
    private static double? Value(JsonNode? node, string? quantile) =>
        Number(node) ?? (quantile is not null && JournalText.String(node) is { } text && Parse(text) is JsonObject quantiles ? Number(quantiles[quantile]) : null);

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;
}
