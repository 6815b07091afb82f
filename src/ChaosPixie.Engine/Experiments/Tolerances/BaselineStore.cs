using System.Collections.Concurrent;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// What a run keeps of each steady-state probe's output before the method, for its before/after tolerance: only the
/// numbers the judgement needs (every value for the Mann-Whitney test, one percentile for relative criteria), never
/// the rows. Keyed by the probe's name (and group); the continuous hypothesis reads it from another thread.
/// </summary>
internal sealed class BaselineStore
{
    private readonly ConcurrentDictionary<(string Probe, string? Group), BaselineSample> _before = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _groups = new(StringComparer.Ordinal);

    public void Keep(BaselineScope scope, BaselineSample sample) => _before[(scope.Probe, scope.Group)] = sample;

    public BaselineSample? Find(BaselineScope scope) => _before.TryGetValue((scope.Probe, scope.Group), out var sample) ? sample : null;

    /// <summary>Keeps the groups a probe judged per group had before the method, in the order they came.</summary>
    public void KeepGroups(string probe, IReadOnlyList<string> groups) => _groups[probe] = groups;

    /// <summary>The groups a probe had before the method; empty when it was not measured per group before it.</summary>
    public IReadOnlyList<string> GroupsOf(string probe) => _groups.TryGetValue(probe, out var groups) ? groups : [];
}

/// <summary>A probe's before values: sorted values (the statistical form) or the compared percentile (relative criteria).</summary>
internal sealed record BaselineSample(double[]? Sorted, double Statistic, int Count, DurationUnit? Unit);

/// <summary>
/// Where a tolerance is judged: which probe (and which of its groups, with <c>group_by</c>), in which phase (before,
/// during or after the method), and the run's baselines.
/// </summary>
internal sealed record BaselineScope(BaselineStore Store, string Probe, string Phase)
{
    public const string Before = "before";

    public bool IsBefore => Phase == Before;

    /// <summary>The group judged, null when the tolerance judges all rows as one.</summary>
    public string? Group { get; private init; }

    public BaselineScope ForGroup(string group) => this with { Group = group };
}
