using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>The outcome of a run: the journal (secrets masked) and where it was written, or why it could not be.</summary>
public sealed record ExperimentRunResult(JsonObject Journal, string Status, bool Deviated, string? JournalPath, Exception? JournalError)
{
    /// <summary><c>chaos run</c>'s exit code: 0 only for a completed run that did not deviate.</summary>
    public int ExitCode => Status == "completed" && !Deviated ? 0 : 1;
}
