namespace ChaosPixie.Engine.History;

/// <summary>Which records Get-SteadyStateHistory reads: every filter is optional; Last keeps the newest runs.</summary>
public sealed record HistoryQuery(string? Check = null, string? Probe = null, DateTimeOffset? Since = null, int? Last = null);
