namespace ChaosPixie.Engine.Reporting;

/// <summary>How a timeline bar ended.</summary>
public enum BarState
{
    Succeeded,
    ToleranceMissed,
    Failed,
    Interrupted,
}

/// <summary>A span of time from the run's start, in seconds, and how it ended.</summary>
public sealed record TimelineSegment(double Offset, double Length, BarState State);

/// <summary>
/// One row of the timeline: an activity, or every hypothesis run during the method on one row (one segment per
/// iteration, however many there were). Offset and Length span all the segments.
/// </summary>
public sealed record TimelineBar(string Label, string? Detail, IReadOnlyList<TimelineSegment> Segments)
{
    public double Offset => Segments.Min(s => s.Offset);

    public double Length => Segments.Max(s => s.Offset + s.Length) - Offset;

    /// <summary>The worst way a segment ended: failed, then tolerance missed, then interrupted.</summary>
    public BarState State => Segments.Select(s => s.State).OrderBy(Severity).First();

    private static int Severity(BarState state) => state switch
    {
        BarState.Failed => 0,
        BarState.ToleranceMissed => 1,
        BarState.Interrupted => 2,
        _ => 3,
    };
}

/// <summary>The bars of one phase, in the order they started.</summary>
public sealed record TimelinePhase(string Name, IReadOnlyList<TimelineBar> Bars);

/// <summary>The run's phases on one time axis (seconds from the journal's start), shared by the HTML and Markdown reports.</summary>
public sealed class Timeline
{
    private Timeline(double total, IReadOnlyList<TimelinePhase> phases)
    {
        Total = total;
        Phases = phases;
    }

    /// <summary>The length of the axis in seconds (never zero, so positions can be divided by it).</summary>
    public double Total { get; }

    public IReadOnlyList<TimelinePhase> Phases { get; }

    public static Timeline Of(JournalReport report)
    {
        var origin = report.Start ?? AllActivities(report).Select(a => a.Start).Min() ?? DateTimeOffset.MinValue;
        double At(DateTimeOffset? time) => time is { } t ? Math.Max(0, (t - origin).TotalSeconds) : 0;
        TimelineBar Bar(ActivityReport a) => new(a.Name, a.Provider, [new(At(a.Start), a.Duration ?? Math.Max(0, At(a.End) - At(a.Start)), StateOf(a))]);

        var phases = new List<TimelinePhase>();
        void Add(string name, IEnumerable<TimelineBar> bars)
        {
            var list = bars.ToList();
            if (list.Count > 0)
            {
                phases.Add(new TimelinePhase(name, list));
            }
        }

        Add("Steady state before", report.Before?.Probes.Select(Bar) ?? []);
        var iterations = report.During.Where(s => s.Probes.Count > 0).Select(s =>
        {
            var start = At(s.Probes[0].Start);
            var end = s.Probes.Max(p => At(p.End));
            var state = s.Probes.Any(p => p.Failed) ? BarState.Failed : s.Met == false ? BarState.ToleranceMissed : BarState.Succeeded;
            return new TimelineSegment(start, Math.Max(0, end - start), state);
        }).ToList();
        if (iterations.Count > 0)
        {
            var missed = iterations.Count(i => i.State != BarState.Succeeded);
            var label = $"{iterations.Count} iteration{(iterations.Count == 1 ? string.Empty : "s")}, {missed} not met";
            var probes = string.Join(", ", report.During.SelectMany(s => s.Probes).Select(p => p.Name).Distinct(StringComparer.Ordinal));
            Add("Steady state during", [new TimelineBar(label, probes, iterations)]);
        }

        Add("Method", report.Method.Select(Bar));
        Add("Steady state after", report.After?.Probes.Select(Bar) ?? []);
        Add("Rollbacks", report.Rollbacks.Select(Bar));

        var end = phases.SelectMany(p => p.Bars).Select(b => b.Offset + b.Length).DefaultIfEmpty(0).Max();
        var total = Math.Max(Math.Max(report.Duration ?? 0, end), 1e-6);
        return new Timeline(total, phases);
    }

    private static BarState StateOf(ActivityReport activity) => activity switch
    {
        { Status: null } => BarState.Interrupted,
        { Failed: true } => BarState.Failed,
        { ToleranceMet: false } => BarState.ToleranceMissed,
        _ => BarState.Succeeded,
    };

    private static IEnumerable<ActivityReport> AllActivities(JournalReport report) =>
        report.SteadyStates.SelectMany(s => s.Probes).Concat(report.Method).Concat(report.Rollbacks);
}
