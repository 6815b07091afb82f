namespace ChaosPixie.PowerShell;

/// <summary>Errors of Test-PercentileBelow, Test-PercentileAbove and Compare-SteadyState (which shares the column errors).</summary>
internal static partial class ErrorIds
{
    public const string ToleranceNoRows = nameof(ToleranceNoRows);
    public const string ToleranceColumnNotFound = nameof(ToleranceColumnNotFound);
    public const string ToleranceValueNotNumeric = nameof(ToleranceValueNotNumeric);
    public const string TolerancePercentileOutOfRange = nameof(TolerancePercentileOutOfRange);
    public const string ToleranceThresholdInvalid = nameof(ToleranceThresholdInvalid);
    public const string ToleranceMinimumSamplesInvalid = nameof(ToleranceMinimumSamplesInvalid);
    public const string ToleranceTargetInvalid = nameof(ToleranceTargetInvalid);
    public const string ToleranceUnitNotApplicable = nameof(ToleranceUnitNotApplicable);
    public const string ToleranceQuantileRequired = nameof(ToleranceQuantileRequired);
    public const string ToleranceQuantileNotApplicable = nameof(ToleranceQuantileNotApplicable);
    public const string ToleranceAllowFailuresInvalid = nameof(ToleranceAllowFailuresInvalid);

    // -Require's ValidateSet and parameter set keep the cmdlets from these; the engine names them for every caller.
    public const string ToleranceRequireInvalid = nameof(ToleranceRequireInvalid);
    public const string ToleranceRequireConflict = nameof(ToleranceRequireConflict);

    public const string ComparisonConfidenceLevelInvalid = nameof(ComparisonConfidenceLevelInvalid);
    public const string ComparisonAllowedRatioInvalid = nameof(ComparisonAllowedRatioInvalid);
    public const string ComparisonColumnRequired = nameof(ComparisonColumnRequired);
}
