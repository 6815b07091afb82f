using System.Management.Automation;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.PowerShell;

/// <summary>The error records of the tolerance and comparison cmdlets: one id and category per kind of engine error.</summary>
internal static class ToleranceErrors
{
    public static ErrorRecord Create(ToleranceException e, object? row)
    {
        var message = e.Kind == ToleranceErrorKind.ColumnNotFound && row is not null
            ? $"{e.Message} The first row has: {string.Join(", ", Commands.ToleranceRowFields.Names(row))}."
            : e.Message;
        var (id, category) = Classify(e.Kind);
        return Errors.Create(id, category, e.Subject ?? row, message);
    }

    private static (string Id, ErrorCategory Category) Classify(ToleranceErrorKind kind) => kind switch
    {
        ToleranceErrorKind.NoRows => (ErrorIds.ToleranceNoRows, ErrorCategory.ObjectNotFound),
        ToleranceErrorKind.ColumnNotFound => (ErrorIds.ToleranceColumnNotFound, ErrorCategory.ObjectNotFound),
        ToleranceErrorKind.ValueNotNumeric => (ErrorIds.ToleranceValueNotNumeric, ErrorCategory.InvalidData),
        ToleranceErrorKind.PercentileOutOfRange => (ErrorIds.TolerancePercentileOutOfRange, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.ThresholdInvalid => (ErrorIds.ToleranceThresholdInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.MinimumSamplesInvalid => (ErrorIds.ToleranceMinimumSamplesInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.TargetInvalid => (ErrorIds.ToleranceTargetInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.UnitNotApplicable => (ErrorIds.ToleranceUnitNotApplicable, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.QuantileRequired => (ErrorIds.ToleranceQuantileRequired, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.QuantileNotApplicable => (ErrorIds.ToleranceQuantileNotApplicable, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.ConfidenceLevelInvalid => (ErrorIds.ComparisonConfidenceLevelInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.AllowedRatioInvalid => (ErrorIds.ComparisonAllowedRatioInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.AllowFailuresInvalid => (ErrorIds.ToleranceAllowFailuresInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.GroupRequirementInvalid => (ErrorIds.ToleranceRequireInvalid, ErrorCategory.InvalidArgument),
        ToleranceErrorKind.GroupRequirementConflict => (ErrorIds.ToleranceRequireConflict, ErrorCategory.InvalidArgument),
        _ => (ErrorIds.ComparisonColumnRequired, ErrorCategory.InvalidData),
    };
}
