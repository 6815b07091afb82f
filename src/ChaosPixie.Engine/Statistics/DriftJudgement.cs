namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// What a drift rule said about one value: whether it judged at all (enough history), whether it alarmed, its
/// statistic (the EWMA in the value's unit, the CUSUM in baseline standard deviations), the EWMA's band in the
/// value's unit, and one line that names the rule, the band and the value.
/// </summary>
public sealed record DriftJudgement(bool Judged, bool Alarm, DriftRule? Rule, double? Statistic, double? BandLow, double? BandHigh, string Explanation);
