using System.Text.Json.Nodes;
using ChaosPixie.Engine.Reporting;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>The outcome of a run: the journal (secrets masked) and where it was written, or why it could not be.</summary>
public sealed record ExperimentRunResult(JsonObject Journal, string Status, bool Deviated, string? JournalPath, Exception? JournalError)
{
    /// <summary><c>-DetailedExitCode</c>'s code for an experiment that could not run (validation, loading, settings).</summary>
    public const int CouldNotRunExitCode = 4;

    /// <summary>The code, with <c>-EnableExit</c> as with <c>-DetailedExitCode</c>, of a run whose journal could not be written: its verdict is lost.</summary>
    public const int JournalNotWrittenExitCode = 6;

    /// <summary>What became of the JUnit file and the Azure Pipelines summary; null when none was asked for.</summary>
    public RunReportsWritten? Reports { get; init; }

    /// <summary><c>chaos run</c>'s exit code: 0 only for a completed run that did not deviate; 6 when the journal was not written.</summary>
    public int ExitCode => JournalError is not null ? JournalNotWrittenExitCode : Status == "completed" && !Deviated ? 0 : 1;

    /// <summary>
    /// One code per outcome, for CI that must tell them apart: 0 steady and completed, 1 deviated, 2 failed or
    /// aborted, 3 interrupted, 5 the steady state was not met before the method (nothing tested; <c>chaos run</c> exits 0),
    /// 6 the journal could not be written.
    /// </summary>
    public int DetailedExitCode => Status switch
    {
        _ when JournalError is not null => JournalNotWrittenExitCode,
        "interrupted" => 3,
        "failed" or "aborted" => 2,
        _ when Deviated => 1,
        _ when Journal["steady_states"]?["before"]?["steady_state_met"] is JsonValue met && met.TryGetValue(out bool held) && !held => 5,
        _ => 0,
    };
}
