using System.Collections.Concurrent;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// What a run keeps of each steady-state probe's output before the method, for its before/after tolerance: only the
/// numbers the judgement needs (every value for the Mann-Whitney test, one percentile for relative criteria), never
/// the rows. Keyed by the probe's name; the continuous hypothesis reads it from another thread.
/// </summary>
internal sealed class BaselineStore
{
    private readonly ConcurrentDictionary<string, BaselineSample> _before = new(StringComparer.Ordinal);

    public void Keep(string probe, BaselineSample sample) => _before[probe] = sample;

    public BaselineSample? Find(string probe) => _before.TryGetValue(probe, out var sample) ? sample : null;
}

/// <summary>A probe's before values: sorted values (the statistical form) or the compared percentile (relative criteria).</summary>
internal sealed record BaselineSample(double[]? Sorted, double Statistic, int Count, DurationUnit? Unit);

/// <summary>Where a tolerance is judged: which probe, in which phase (before, during or after the method), and the run's baselines.</summary>
internal sealed record BaselineScope(BaselineStore Store, string Probe, string Phase)
{
    public const string Before = "before";

    public bool IsBefore => Phase == Before;
}
