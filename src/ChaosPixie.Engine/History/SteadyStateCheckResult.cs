using ChaosPixie.Engine.History;

namespace ChaosPixie;

/// <summary>One run of a steady-state check: the overall verdict (its worst probe) and each probe's record.</summary>
public sealed class SteadyStateCheckResult
{
    /// <summary><c>-DetailedExitCode</c>'s code for a check whose run could not be recorded in the history.</summary>
    public const int NotRecordedExitCode = 6;

    /// <summary><c>-DetailedExitCode</c>'s code for a check that Ctrl+C or a signal interrupted.</summary>
    public const int InterruptedExitCode = 3;

    public required string Check { get; init; }

    public required string RunId { get; init; }

    /// <summary>When the run started, in UTC, as ISO 8601 text.</summary>
    public string Time => Probes.Count > 0 ? Probes[0].Time : StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Steady, Drifting, Broken or Inconclusive.</summary>
    public string Verdict => Outcome.ToString();

    /// <summary>The run's status as an experiment's: completed, failed (a probe raised), interrupted or aborted.</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<SteadyStateRecord> Probes { get; init; }

    /// <summary>The history the run was recorded in (a file, or a server and database without the password); null when it was not.</summary>
    public string? History { get; init; }

    public string? JournalPath { get; init; }

    /// <summary>
    /// One code per verdict, for schedulers: 0 Steady, 1 Drifting, 2 Broken, 3 interrupted, 5 Inconclusive, 6 not
    /// recorded (4, could not run, is the cmdlet's).
    /// </summary>
    public int DetailedExitCode => Status switch
    {
        "interrupted" or "aborted" => InterruptedExitCode,
        _ when History is null => NotRecordedExitCode,
        _ => Outcome switch
        {
            CheckVerdict.Steady => 0,
            CheckVerdict.Drifting => 1,
            CheckVerdict.Broken => 2,
            _ => 5,
        },
    };

    internal CheckVerdict Outcome { get; init; }

    internal DateTimeOffset StartedAt { get; init; }

    internal DateTimeOffset EndedAt { get; init; }

    /// <summary>The machine that ran the check.</summary>
    internal string Host { get; init; } = Environment.MachineName;

    public override string ToString() => $"{Check}: {Verdict}";
}
