namespace ChaosPixie.Engine.Statistics;

/// <summary>What a comparison is about, for its result and its explanation: the column, its unit and the group.</summary>
public sealed record ComparisonLabel(string? Column, DurationUnit? Unit, string? Group)
{
    /// <summary>"latency_p99", "[carts] latency_p99", or "values" for plain numbers.</summary>
    public string Text => Group is null ? Column ?? "values" : $"[{Group}] {Column ?? "values"}";
}
