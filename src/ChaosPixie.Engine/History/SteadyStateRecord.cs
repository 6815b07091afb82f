using System.Globalization;
using ChaosPixie.Engine.History;

// In the ChaosPixie namespace, like ToleranceResult, so that PowerShell shows 'ChaosPixie.SteadyStateRecord'.
namespace ChaosPixie;

/// <summary>One probe of one steady-state check run, as recorded in the history.</summary>
public sealed class SteadyStateRecord
{
    /// <summary>The check's name (the experiment's title).</summary>
    public required string Check { get; init; }

    public required string RunId { get; init; }

    /// <summary>When the run started, in UTC, as ISO 8601 text (2026-11-30T14:22:45.1234567Z) so that Export-Csv keeps it so.</summary>
    public string Time => StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public required string Probe { get; init; }

    /// <summary>The measured value in <see cref="Unit"/>; null when the probe measured none.</summary>
    public double? Value { get; init; }

    /// <summary>ms, s, ... for durations; null when the value has no known unit.</summary>
    public string? Unit { get; init; }

    public double? Threshold { get; init; }

    /// <summary>Passed, Failed or Inconclusive: the tolerance's own verdict.</summary>
    public required string ToleranceVerdict { get; init; }

    /// <summary>Steady, Drifting, Broken or Inconclusive.</summary>
    public string Verdict => Outcome.ToString();

    /// <summary>Ewma, Cusum or MannWhitney when drift was judged; null otherwise.</summary>
    public string? DriftRule { get; init; }

    /// <summary>The EWMA in the value's unit, the CUSUM in baseline standard deviations, or the Mann-Whitney p-value.</summary>
    public double? DriftStatistic { get; init; }

    /// <summary>The normal band the EWMA must stay in, in the value's unit (null for CUSUM or when not judged).</summary>
    public double? BandLow { get; init; }

    public double? BandHigh { get; init; }

    /// <summary>One line: the tolerance's explanation, then which drift rule judged, its band and the value.</summary>
    public required string Explanation { get; init; }

    /// <summary>The samples the probe kept (a chaospixie percentile or median tolerance's values), recorded for Mann-Whitney drift.</summary>
    internal IReadOnlyList<double> Samples { get; init; } = [];

    internal DateTimeOffset StartedAt { get; init; }

    internal CheckVerdict Outcome { get; init; }

    public override string ToString() => $"{Probe}: {Verdict}: {Explanation}";
}
