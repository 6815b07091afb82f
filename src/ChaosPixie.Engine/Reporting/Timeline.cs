namespace ChaosPixie.Engine.Reporting;

/// <summary>How a timeline bar ended.</summary>
public enum BarState
{
    Succeeded,
    ToleranceMissed,
    Failed,
    Interrupted,
}

/// <summary>One bar: an activity (or a whole hypothesis run during the method), placed in seconds from the run's start.</summary>
public sealed record TimelineBar(string Label, string? Detail, double Offset, double Length, BarState State);

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
        TimelineBar Bar(ActivityReport a) => new(a.Name, a.Provider, At(a.Start), a.Duration ?? Math.Max(0, At(a.End) - At(a.Start)), StateOf(a));

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
        Add("Steady state during", report.During.Where(s => s.Probes.Count > 0).Select(s =>
        {
            var start = At(s.Probes[0].Start);
            var end = s.Probes.Max(p => At(p.End));
            var state = s.Probes.Any(p => p.Status == "failed") ? BarState.Failed : s.Met == false ? BarState.ToleranceMissed : BarState.Succeeded;
            return new TimelineBar($"iteration {s.Iteration}", string.Join(", ", s.Probes.Select(p => p.Name)), start, Math.Max(0, end - start), state);
        }));
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
        { Status: "failed" } => BarState.Failed,
        { ToleranceMet: false } => BarState.ToleranceMissed,
        _ => BarState.Succeeded,
    };

    private static IEnumerable<ActivityReport> AllActivities(JournalReport report) =>
        report.SteadyStates.SelectMany(s => s.Probes).Concat(report.Method).Concat(report.Rollbacks);
}
