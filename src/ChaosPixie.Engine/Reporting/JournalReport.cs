namespace ChaosPixie.Engine.Reporting;

/// <summary>One journal as the report shows it: the verdict, the run's facts and its phases in order.</summary>
public sealed class JournalReport
{
    public required string Source { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>The journal's status (completed, failed, aborted, interrupted); null when the run never wrote one.</summary>
    public string? Status { get; init; }

    public bool Deviated { get; init; }

    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }

    /// <summary>The journal's <c>duration</c> in seconds.</summary>
    public double? Duration { get; init; }

    public string? Node { get; init; }

    /// <summary>The dry mode the run used; null when activities really ran.</summary>
    public string? Dry { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public SteadyStateReport? Before { get; init; }

    public SteadyStateReport? After { get; init; }

    public IReadOnlyList<SteadyStateReport> During { get; init; } = [];

    public IReadOnlyList<ActivityReport> Method { get; init; } = [];

    public IReadOnlyList<ActivityReport> Rollbacks { get; init; } = [];

    public Verdict Verdict => Verdict.Of(this);

    /// <summary>Every steady state in the order it ran: before, each iteration during the method, after.</summary>
    public IEnumerable<SteadyStateReport> SteadyStates =>
        new[] { Before }.Concat(During).Append(After).OfType<SteadyStateReport>();

    /// <summary>
    /// The probes whose tolerance was not met, the one that decided the verdict first: after the method (deviation),
    /// then before it, then in the first hypothesis run during the method that missed (the others are counted in
    /// <see cref="MissedIterations"/>: a long run can miss hundreds of times).
    /// </summary>
    public IEnumerable<ActivityReport> BrokenProbes =>
        new[] { After, Before }.OfType<SteadyStateReport>().Concat(During.Where(s => s.Met == false).Take(1))
            .SelectMany(state => state.Probes)
            .Where(probe => probe.ToleranceMet == false);

    /// <summary>How many hypothesis runs during the method missed.</summary>
    public int MissedIterations => During.Count(s => s.Met == false);

    /// <summary>Where an activity ran: the steady state's name for a probe of the hypothesis, else method or rollback.</summary>
    public string PhaseOf(ActivityReport activity) =>
        SteadyStates.FirstOrDefault(s => s.Probes.Contains(activity))?.Name ?? (Rollbacks.Contains(activity) ? "rollback" : "method");

    /// <summary>Activities that failed (or were cut short) in the method and the rollbacks.</summary>
    public IEnumerable<ActivityReport> FailedActivities =>
        Method.Concat(Rollbacks).Where(a => a.Status != ActivityReport.Succeeded);
}

/// <summary>One run of the steady-state hypothesis.</summary>
public sealed class SteadyStateReport
{
    public required SteadyStatePhase Phase { get; init; }

    /// <summary>The 1-based iteration of a hypothesis run during the method; 0 for before and after.</summary>
    public int Iteration { get; init; }

    public bool? Met { get; init; }

    public IReadOnlyList<ActivityReport> Probes { get; init; } = [];

    public string Name => Phase switch
    {
        SteadyStatePhase.Before => "Steady state before the method",
        SteadyStatePhase.After => "Steady state after the method",
        _ => $"Steady state during the method, #{Iteration}",
    };
}

public enum SteadyStatePhase
{
    Before,
    During,
    After,
}

/// <summary>One run record: what ran, how it ended, and for a steady-state probe its tolerance and the measured value.</summary>
public sealed class ActivityReport
{
    public const string Succeeded = "succeeded";

    public required string Name { get; init; }

    /// <summary><c>probe</c> or <c>action</c>.</summary>
    public required string Type { get; init; }

    /// <summary>What the provider runs, in one line (<c>process: kubectl delete pod ...</c>).</summary>
    public string? Provider { get; init; }

    public bool Background { get; init; }

    /// <summary><c>succeeded</c>, <c>failed</c>, or null when the activity was cut short (an interruption).</summary>
    public string? Status { get; init; }

    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }

    public double? Duration { get; init; }

    /// <summary>The last line of the record's <c>exception</c> list, which carries the error message.</summary>
    public string? Error { get; init; }

    /// <summary>Null for method activities and rollbacks, which have no tolerance.</summary>
    public bool? ToleranceMet { get; init; }

    /// <summary>The tolerance as the experiment defines it, in one line.</summary>
    public string? Tolerance { get; init; }

    /// <summary>What the probe measured, read against its tolerance where the output allows.</summary>
    public ToleranceReading? Reading { get; init; }

    /// <summary>The tolerance's own explanation of its verdict, when it gave one (a chaospixie tolerance, Test-PercentileBelow -Detailed).</summary>
    public string? Explanation { get; init; }

    /// <summary>
    /// A tolerance judged per group (<c>group_by</c>, -GroupBy): one line per group, <c>carts (Failed): p99(latency) =
    /// 612 ms &gt; 300 ms ...</c>, failing groups first; empty otherwise.
    /// </summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Why the tolerance was not met, in one line: its explanation, else the tolerance and what was measured.</summary>
    public string ToleranceMessage => Explanation
        ?? $"tolerance not met: {Tolerance ?? "(none)"}{(Reading is { } reading ? $" ({reading.Text})" : string.Empty)}";

    /// <summary>
    /// A process activity's exit code when it was not 0. Upstream still calls such an activity succeeded (only a
    /// probe's tolerance judges the code), so the report shows it beside that status as a warning.
    /// </summary>
    public int? ExitCode { get; init; }

    public string StatusText => Status ?? "interrupted";

    /// <summary>The activity raised (upstream's ActivityFailed): a failed probe's tolerance could not be checked.</summary>
    public bool Failed => Status == "failed";
}

/// <summary>
/// A probe's measured value. From a ChaosPixie tolerance result (an output with an <c>Explanation</c>): its
/// explanation, measured value and threshold; otherwise the part of the output the tolerance looked at.
/// </summary>
public sealed record ToleranceReading(string Text, string? Measured, string? Expectation);
