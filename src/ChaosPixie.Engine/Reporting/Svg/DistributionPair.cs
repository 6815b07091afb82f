using System.Text.Json.Nodes;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>One side of a comparison as its picture shows it: its name and colour, a sketch of its values (ascending), how many values it had and its median.</summary>
internal sealed record DistributionSide(string Name, string Colour, IReadOnlyList<double> Sketch, int Count, double? Median);

/// <summary>
/// What a comparison's picture shows: the baseline's and the candidate's values side by side, the Hodges-Lehmann
/// shift's interval, and the verdict. Made from a <see cref="SteadyStateComparison"/> in memory, or from a baseline
/// tolerance's <c>tolerance_result.comparison</c> in a journal.
/// </summary>
internal sealed record DistributionPair(string Title, string? Unit, DistributionSide Baseline, DistributionSide Candidate, string Verdict)
{
    public double? Shift { get; init; }

    public double? ShiftLower { get; init; }

    public double? ShiftUpper { get; init; }

    public double ConfidenceLevel { get; init; }

    public static DistributionPair From(SteadyStateComparison comparison, string title)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new DistributionPair(
            title,
            comparison.UnitValue is { } unit ? DurationUnits.Symbol(unit) : null,
            new DistributionSide("baseline", PhaseColours.Before, comparison.BaselineSketch, comparison.BaselineCount, comparison.BaselineMedian),
            new DistributionSide("candidate", PhaseColours.After, comparison.CandidateSketch, comparison.CandidateCount, comparison.CandidateMedian),
            comparison.Verdict)
        {
            Shift = comparison.Shift,
            ShiftLower = comparison.ShiftLower,
            ShiftUpper = comparison.ShiftUpper,
            ConfidenceLevel = comparison.ConfidenceLevel,
        };
    }

    /// <summary>A baseline tolerance's judgement during or after the method; null when its result holds no distributions (a journal written before they were recorded).</summary>
    public static DistributionPair? From(string probe, SeriesPhase phase, JsonObject result)
    {
        if (result["comparison"] is not JsonObject comparison
            || Numbers(comparison["baseline_distribution"]) is not { } baseline || Numbers(comparison["candidate_distribution"]) is not { } candidate)
        {
            return null;
        }

        var column = JournalText.String(result["column"]);
        return new DistributionPair(
            column is null ? probe : $"{probe}: {column}",
            JournalText.String(result["unit"]),
            new DistributionSide("before", PhaseColours.Before, baseline, Count(result["baseline"]?["sample_count"]) ?? baseline.Count, Number(comparison["baseline_median"])),
            new DistributionSide(PhaseColours.Name(phase), PhaseColours.Of(phase), candidate, Count(result["sample_count"]) ?? candidate.Count, Number(comparison["candidate_median"])),
            JournalText.String(comparison["verdict"]) ?? "-")
        {
            Shift = Number(comparison["shift"]),
            ShiftLower = Number(comparison["shift_lower"]),
            ShiftUpper = Number(comparison["shift_upper"]),
            ConfidenceLevel = Number(comparison["confidence_level"]) ?? 0.98,
        };
    }

    private static List<double>? Numbers(JsonNode? node) =>
        node is JsonArray array ? array.Select(Number).OfType<double>().Where(double.IsFinite).Order().ToList() : null;

    private static int? Count(JsonNode? node) => Number(node) is { } n ? (int)n : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out double number) ? number : null;
}
