using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// The comparisons a journal's baseline tolerances made by the Mann-Whitney test, as pictures: the judgement after
/// the method, the judgements during it that were not met (the first <see cref="MaxDuring"/>), and when there is
/// neither, the last one during it. The values come from each judgement's own result, which keeps a sketch of both
/// sides, so the picture shows what was compared even when the rows file beside the journal is gone.
/// </summary>
internal static class JournalComparisons
{
    private const int MaxDuring = 5;

    public static IReadOnlyList<DistributionPair> Read(string journalPath)
    {
        var states = JournalDocument.Load(journalPath)?["steady_states"] as JsonObject;
        var during = (states?["during"] as JsonArray ?? []).SelectMany(state => Pairs(state, SeriesPhase.During)).ToList();
        var after = Pairs(states?["after"], SeriesPhase.After).ToList();
        var missed = during.Where(p => p.Verdict != "Pass").Take(MaxDuring).ToList();
        return [.. missed, .. after, .. (missed.Count == 0 && after.Count == 0 && during.Count > 0 ? [during[^1]] : Array.Empty<DistributionPair>())];
    }

    private static IEnumerable<DistributionPair> Pairs(JsonNode? state, SeriesPhase phase)
    {
        foreach (var record in (state?["probes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (record["tolerance_result"] is JsonObject result && JournalText.String(result["kind"]) == "baseline"
                && JournalText.String(record["activity"]?["name"]) is { } probe && DistributionPair.From(probe, phase, result) is { } pair)
            {
                yield return pair;
            }
        }
    }
}
