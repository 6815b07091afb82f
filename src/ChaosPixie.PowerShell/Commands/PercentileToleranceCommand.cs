using System.Management.Automation;
using ChaosPixie.Engine.Statistics;
using ChaosPixie.PowerShell.Completion;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Test-PercentileBelow and Test-PercentileAbove: rows stream in, the engine's collector keeps only the
/// column's numbers (and the five worst rows), and the verdict is written once the pipeline ends. With -GroupBy,
/// one collector per group and an overall verdict by -Require or -AllowFailures.
/// No engine value type (enum) appears in this class's fields or overrides: PowerShell loads the cmdlet types
/// before the module initializer can point the runtime at the engine, so -Unit and -Method are strings here.
/// </summary>
public abstract class PercentileToleranceCommand : ColumnJudgementCmdlet
{
    private SampleCollector? _collector;
    private ToleranceGroups? _groups;
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
                AcceptResumeLoss = AcceptResumeLoss,
            };
            if (GroupBy is null)
            {
                _collector = new SampleCollector(tolerance);
            }
            else
            {
                _groups = new ToleranceGroups(tolerance, GroupBy, Requirement());
            }
        }
        catch (ToleranceException e)
        {
            ThrowTerminatingError(ToleranceErrors.Create(e, null));
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
        object result;
        string explanation;
        bool passed;
        bool inconclusive;
        try
        {
            if (_groups is not null)
            {
                var grouped = _groups.Evaluate();
                (result, explanation, passed, inconclusive) = (grouped, grouped.Explanation, grouped.Passed, grouped.Verdict == nameof(ToleranceVerdict.Inconclusive));
            }
            else
            {
                var single = _collector!.Evaluate();
                (result, explanation, passed, inconclusive) = (single, single.Explanation, single.Passed, single.Verdict == nameof(ToleranceVerdict.Inconclusive));
            }
        }
        catch (ToleranceException e)
        {
            ThrowTerminatingError(ToleranceErrors.Create(e, _firstRow));
            return;
        }

        WriteVerdict(result, explanation, passed, inconclusive, Detailed);
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
            var collector = _collector;
            if (_groups is not null)
            {
                var (hasGroup, groupValue) = ToleranceRowFields.ReadAny(item, _groups.GroupBy);
                collector = _groups.For(hasGroup, groupValue);
            }

            if (baseObject is PixieRow pixieRow)
            {
                collector!.AddRow(pixieRow);
                return;
            }

            var row = PSObject.AsPSObject(item);
            var (hasColumn, value) = ToleranceRowFields.Read(row, Column);
            var (hasTarget, targetValue) = collector!.Tolerance.Target is { } target ? ToleranceRowFields.Read(row, target.Column) : (false, null);
            collector.AddRow(row, hasColumn, value, hasTarget, targetValue);
        }
        catch (ToleranceException e)
        {
            ThrowTerminatingError(ToleranceErrors.Create(e, item));
        }
    }
}
