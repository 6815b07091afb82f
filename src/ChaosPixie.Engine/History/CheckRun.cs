namespace ChaosPixie.Engine.History;

/// <summary>One run of a steady-state check, written to the history in one transaction: all of it or nothing.</summary>
public sealed record CheckRun(string Check, string RunId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, CheckVerdict Verdict, string ToolVersion, string Host, IReadOnlyList<SteadyStateRecord> Probes);
