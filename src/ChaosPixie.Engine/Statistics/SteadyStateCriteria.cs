using System.Globalization;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// How a candidate is judged against its baseline: Kayenta's Mann-Whitney classifier settings, with its defaults
/// (confidence 0.98, allowed ratios 1.0, a margin of a quarter of the estimate) and a minimum number of samples per side.
/// </summary>
public sealed record SteadyStateCriteria
{
    /// <summary>Kayenta's tolerance: a shift counts only when the interval clears a quarter of the estimate.</summary>
    public const double Margin = 0.25;

    public ShiftDirection Direction { get; init; } = ShiftDirection.Increase;

    /// <summary>High also needs the ratio of means to be at least this (1.2 tolerates a 20% higher mean).</summary>
    public double AllowedIncrease { get; init; } = 1.0;

    /// <summary>Low also needs the ratio of means to be at most this (0.8 tolerates a 20% lower mean).</summary>
    public double AllowedDecrease { get; init; } = 1.0;

    /// <summary>The confidence of the interval; each tail is judged at (1 - confidence) / 2.</summary>
    public double ConfidenceLevel { get; init; } = 0.98;

    /// <summary>With fewer values on either side the verdict is Inconclusive.</summary>
    public int MinimumSamples { get; init; } = 5;

    /// <summary>Throws a <see cref="ToleranceException"/> that says what to fix when a setting cannot work.</summary>
    public void Validate()
    {
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            throw new ToleranceException(
                ToleranceErrorKind.ConfidenceLevelInvalid,
                string.Create(CultureInfo.InvariantCulture, $"The confidence level must be greater than 0 and less than 1, but it is {ConfidenceLevel}. Use 0.98 (Kayenta's) or 0.95."),
                ConfidenceLevel);
        }

        foreach (var (name, ratio) in new[] { ("allowed increase", AllowedIncrease), ("allowed decrease", AllowedDecrease) })
        {
            if (!(ratio > 0) || double.IsInfinity(ratio))
            {
                throw new ToleranceException(
                    ToleranceErrorKind.AllowedRatioInvalid,
                    string.Create(CultureInfo.InvariantCulture, $"The {name} must be a positive ratio of means, but it is {ratio}. 1.0 flags any significant change; 1.2 tolerates 20% on the mean."),
                    ratio);
            }
        }

        if (MinimumSamples < 1)
        {
            throw new ToleranceException(
                ToleranceErrorKind.MinimumSamplesInvalid,
                string.Create(CultureInfo.InvariantCulture, $"The minimum number of samples must be at least 1, but it is {MinimumSamples}."),
                MinimumSamples);
        }
    }

    /// <summary>The same criteria with Bonferroni's correction for <paramref name="groups"/> comparisons: confidence 1 - (1 - c) / G.</summary>
    public SteadyStateCriteria ForEachOf(int groups) => groups <= 1 ? this : this with { ConfidenceLevel = 1 - ((1 - ConfidenceLevel) / groups) };
}
