using System.Globalization;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Reporting;

/// <summary>What both report formats say of a comparison or a per-group tolerance: its title and its figures as text.</summary>
internal static class JudgementText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"latency_p99: candidate against baseline", "latency_p99 by service: ...", or a group tolerance's expectation.</summary>
    public static string Title(IJudgement judgement) => judgement switch
    {
        SteadyStateComparison c => $"{(c.Group is null ? string.Empty : $"[{c.Group}] ")}{c.Column ?? "values"}: candidate against baseline",
        SteadyStateGroupComparison g => $"{g.Groups.FirstOrDefault()?.Column ?? "values"} by {g.GroupBy}: candidate against baseline",
        ToleranceGroupResult t => t.Expectation,
        _ => judgement.Explanation,
    };

    public static string Median(SteadyStateComparison c, bool candidate) =>
        (candidate ? c.CandidateMedian : c.BaselineMedian) is { } median ? Quantities.Format(median, c.UnitValue) : "-";

    /// <summary>"+16.8 ms (98% CI +14.2 ms to +19.5 ms)", or "-" when no shift was estimated.</summary>
    public static string Shift(SteadyStateComparison c) => c.Shift is { } shift && c.ShiftLower is { } lower && c.ShiftUpper is { } upper
        ? string.Create(Invariant, $"{Quantities.Signed(shift, c.UnitValue)} ({c.ConfidenceLevel * 100:0.###}% CI {Quantities.Signed(lower, c.UnitValue)} to {Quantities.Signed(upper, c.UnitValue)})")
        : "-";

    public static string PValue(SteadyStateComparison c) =>
        c.PValue is { } p ? string.Create(Invariant, $"{p:G3}{(c.PValueMethod is { } method ? $" ({method.ToLowerInvariant()})" : string.Empty)}") : "-";

    public static string Counts(SteadyStateComparison c) => string.Create(Invariant, $"{c.BaselineCount} / {c.CandidateCount}");
}
