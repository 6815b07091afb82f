using System.Globalization;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// "The p-th percentile of a column is below (or above) a threshold": chaostoolkit-pixie's percentile_should_be_*
/// and median_should_be_* (p = 50), with a choice of method, units, a quantile of a quantiles column and a
/// minimum number of samples.
/// </summary>
public sealed record PercentileTolerance(string Column, double Percentile, double Threshold, ToleranceComparison Comparison)
{
    /// <summary>Inclusive never goes past the largest sample; experiments that call chaospixie's tolerances use Exclusive.</summary>
    public PercentileMethod Method { get; init; } = PercentileMethod.Inclusive;

    /// <summary>Converts nanosecond values before the comparison; the threshold is in this unit.</summary>
    public DurationUnit? Unit { get; init; }

    /// <summary>For a quantiles column (P01..P99 objects): the quantile of each row that is sampled.</summary>
    public string? Quantile { get; init; }

    /// <summary>Leaves out the rows whose target column does not match; null keeps every row.</summary>
    public TargetFilter? Target { get; init; }

    /// <summary>With fewer samples the verdict is Inconclusive, which is not a pass.</summary>
    public int MinimumSamples { get; init; } = 1;

    /// <summary>
    /// Judges rows of a result that was resumed after a cut, which may lack rows Pixie lost across the resume; without
    /// it such a verdict is Inconclusive.
    /// </summary>
    public bool AcceptResumeLoss { get; init; }

    /// <summary>Throws a <see cref="ToleranceException"/> that says what to fix when a setting cannot work.</summary>
    public void Validate()
    {
        if (!Percentiles.IsValid(Percentile))
        {
            throw new ToleranceException(
                ToleranceErrorKind.PercentileOutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The percentile must be greater than 0 and less than 100, but it is {Percentile}. Use 50 for the median, 99 for p99 and 99.9 for p99.9."),
                Percentile);
        }

        if (double.IsNaN(Threshold))
        {
            throw new ToleranceException(ToleranceErrorKind.ThresholdInvalid, "The threshold is NaN; give a number to compare the percentile with.", Threshold);
        }

        if (MinimumSamples < 1)
        {
            throw new ToleranceException(
                ToleranceErrorKind.MinimumSamplesInvalid,
                string.Create(CultureInfo.InvariantCulture, $"The minimum number of samples must be at least 1, but it is {MinimumSamples}."),
                MinimumSamples);
        }

        if (Quantile is not null && !PixieQuantiles.Names.Contains(Quantile, StringComparer.OrdinalIgnoreCase))
        {
            throw new ToleranceException(
                ToleranceErrorKind.QuantileNotApplicable,
                $"'{Quantile}' is not a quantile of Pixie's quantiles columns; use one of {string.Join(", ", PixieQuantiles.Names)}.",
                Quantile);
        }
    }

    /// <summary>The verdict on a value, inclusive on both sides as upstream; NaN passes neither.</summary>
    public bool Accepts(double value) => Comparison == ToleranceComparison.Below ? value <= Threshold : value >= Threshold;

    /// <summary>How the measured quantity is named in explanations: p99(latency), or p99(latency[P99]) for a quantile.</summary>
    public string Label => string.Create(
        CultureInfo.InvariantCulture,
        $"p{Percentile:0.####}({Column}{(Quantile is null ? string.Empty : $"[{Quantile.ToUpperInvariant()}]")})");
}
