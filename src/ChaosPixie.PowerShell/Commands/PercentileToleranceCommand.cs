using System.Management.Automation;
using ChaosPixie.Engine.Statistics;
using ChaosPixie.PowerShell.Completion;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Test-PercentileBelow and Test-PercentileAbove: rows stream in, the engine's collector keeps only the
/// column's numbers (and the five worst rows), and the verdict is written once the pipeline ends.
/// No engine value type (enum) appears in this class's fields or overrides: PowerShell loads the cmdlet types
/// before the module initializer can point the runtime at the engine, so -Unit and -Method are strings here.
/// </summary>
public abstract class PercentileToleranceCommand : PSCmdlet
{
    private SampleCollector? _collector;
    private object? _firstRow;

    /// <summary>A row: a Pixie row, a hashtable or any object with the column as a property. Arrays are read row by row.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string Column { get; set; } = string.Empty;

    /// <summary>chaostoolkit-pixie spells it 'treshold'; the alias keeps copied arguments working.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Treshold")]
    public double Threshold { get; set; }

    [Parameter]
    public double Percentile { get; set; } = 99;

    [Parameter]
    [ValidateSet("Nanoseconds", "Microseconds", "Milliseconds", "Seconds")]
    public string? Unit { get; set; }

    [Parameter]
    [ValidateSet("P01", "P10", "P25", "P50", "P75", "P90", "P99")]
    public string? Quantile { get; set; }

    /// <summary>chaostoolkit-pixie's target: a column name and a regular expression, matched at the start of the value.</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    [ValidateNotNull]
    public string[]? Target { get; set; }

    [Parameter]
    [ValidateSet("Inclusive", "Exclusive", "NearestRank")]
    public string Method { get; set; } = "Inclusive";

    [Parameter]
    public int MinimumSamples { get; set; } = 1;

    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <summary>True for Test-PercentileBelow, false for Test-PercentileAbove.</summary>
    private protected abstract bool PassesBelow { get; }

    protected override void BeginProcessing()
    {
        var comparison = PassesBelow ? ToleranceComparison.Below : ToleranceComparison.Above;
        try
        {
            var tolerance = new PercentileTolerance(Column, Percentile, Threshold, comparison)
            {
                Method = Enum.Parse<PercentileMethod>(Method, ignoreCase: true),
                Unit = Unit is null ? null : Enum.Parse<DurationUnit>(Unit, ignoreCase: true),
                Quantile = Quantile,
                Target = Target is [var column, var pattern] ? new TargetFilter(column, pattern) : null,
                MinimumSamples = MinimumSamples,
            };
            _collector = new SampleCollector(tolerance);
        }
        catch (ToleranceException e)
        {
            Fail(e, null);
        }
    }

    protected override void ProcessRecord()
    {
        // Pixie rows first and without detours: a million of them may pass through here.
        var baseObject = InputObject?.BaseObject;
        if (baseObject is PixieRow pixieRow)
        {
            Add(pixieRow, InputObject!);
        }
        else if (baseObject is not string && LanguagePrimitives.GetEnumerable(baseObject) is { } rows)
        {
            foreach (var row in rows)
            {
                Add(row is PSObject { BaseObject: PixieRow inner } ? inner : row, row);
            }
        }
        else
        {
            Add(baseObject, InputObject);
        }
    }

    protected override void EndProcessing()
    {
        ToleranceResult result;
        try
        {
            result = _collector!.Evaluate();
        }
        catch (ToleranceException e)
        {
            Fail(e, _firstRow);
            return;
        }

        WriteVerbose(result.Explanation);
        if (Detailed)
        {
            WriteObject(result);
            return;
        }

        if (result.Verdict == ToleranceVerdict.Inconclusive)
        {
            WriteWarning(result.Explanation);
        }

        WriteObject(result.Passed);
    }

    // A null is no row: it is skipped, and a call without input reaches EndProcessing with no rows.
    private void Add(object? baseObject, object? item)
    {
        if (item is null)
        {
            return;
        }

        _firstRow ??= item;
        try
        {
            if (baseObject is PixieRow pixieRow)
            {
                _collector!.AddRow(pixieRow);
                return;
            }

            var row = PSObject.AsPSObject(item);
            var (hasColumn, value) = ToleranceRowFields.Read(row, Column);
            var (hasTarget, targetValue) = _collector!.Tolerance.Target is { } target ? ToleranceRowFields.Read(row, target.Column) : (false, null);
            _collector.AddRow(row, hasColumn, value, hasTarget, targetValue);
        }
        catch (ToleranceException e)
        {
            Fail(e, item);
        }
    }

    private void Fail(ToleranceException e, object? row)
    {
        var message = e.Kind == ToleranceErrorKind.ColumnNotFound && row is not null
            ? $"{e.Message} The first row has: {string.Join(", ", ToleranceRowFields.Names(row))}."
            : e.Message;
        var (id, category) = Classify(e.Kind);
        ThrowTerminatingError(Errors.Create(id, category, e.Subject ?? row, message));
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
        _ => (ErrorIds.ToleranceQuantileNotApplicable, ErrorCategory.InvalidArgument),
    };
}
