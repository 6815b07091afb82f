namespace ChaosPixie.Engine.Statistics;

/// <summary>Why a tolerance could not be evaluated; callers map each kind to an error id and category.</summary>
public enum ToleranceErrorKind
{
    /// <summary>Not a single row was given.</summary>
    NoRows,

    /// <summary>Rows were given, but none has the column.</summary>
    ColumnNotFound,

    /// <summary>A row's value is not a number (text, null, NaN, a date, ...).</summary>
    ValueNotNumeric,

    /// <summary>The percentile is not greater than 0 and less than 100.</summary>
    PercentileOutOfRange,

    /// <summary>The threshold is NaN.</summary>
    ThresholdInvalid,

    /// <summary>The minimum number of samples is less than 1.</summary>
    MinimumSamplesInvalid,

    /// <summary>The target's regular expression does not parse.</summary>
    TargetInvalid,

    /// <summary>A unit was asked for a column whose relation says it is not a nanosecond duration.</summary>
    UnitNotApplicable,

    /// <summary>The column holds quantiles objects and no quantile (P01..P99) was chosen.</summary>
    QuantileRequired,

    /// <summary>A quantile was asked for a column that does not hold quantiles, or is not one of P01..P99.</summary>
    QuantileNotApplicable,

    /// <summary>The confidence level of a comparison is not between 0 and 1.</summary>
    ConfidenceLevelInvalid,

    /// <summary>An allowed increase or decrease is not a positive ratio.</summary>
    AllowedRatioInvalid,

    /// <summary>The number of groups allowed to fail is negative.</summary>
    AllowFailuresInvalid,

    /// <summary>A requirement on the groups that is neither all nor any.</summary>
    GroupRequirementInvalid,

    /// <summary>Both the groups that must pass and the number allowed to fail were given.</summary>
    GroupRequirementConflict,

    /// <summary>Rows that are not numbers were compared without a column to read.</summary>
    ColumnRequired,
}
