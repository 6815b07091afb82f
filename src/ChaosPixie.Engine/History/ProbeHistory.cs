namespace ChaosPixie.Engine.History;

/// <summary>
/// What drift is judged against: the values of the probe's last runs that may serve as its baseline (tolerance passed,
/// not Drifting or Broken), oldest first, and its latest recorded run, whose drift statistic the next run continues.
/// </summary>
public sealed record ProbeHistory(IReadOnlyList<double> Baseline, string? LastRule, double? LastStatistic);
