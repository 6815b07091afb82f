using System.Management.Automation;
using ChaosPixie.Engine.Statistics;
using ChaosPixie.PowerShell.Completion;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Compare-SteadyState: the candidate's values (after or during, from the pipeline) against the baseline's (before),
/// judged as Kayenta's Mann-Whitney classifier judges a canary metric. Only the numbers are kept; the engine decides.
/// Engine enums are parsed from strings in BeginProcessing, never held in fields (see PercentileToleranceCommand).
/// </summary>
[Cmdlet(VerbsData.Compare, "SteadyState", DefaultParameterSetName = RequireSet)]
[OutputType("ChaosPixie.SteadyStateComparison", "ChaosPixie.SteadyStateGroupComparison")]
[OutputType(typeof(bool))]
public sealed class CompareSteadyStateCommand : ColumnJudgementCmdlet
{
    private SteadyStateSamples? _samples;
    private SteadyStateCriteria? _criteria;
    private GroupRequirement? _requirement;
    private object? _firstRow;

    /// <summary>The values before: rows (Pixie rows, hashtables, objects) with -Column, or plain numbers.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyCollection]
    [AllowNull]
    public object[]? Baseline { get; set; }

    /// <summary>The values after or during, usually piped; an array is read item by item.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? Candidate { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string? Column { get; set; }

    [Parameter]
    [ValidateSet("Increase", "Decrease", "Either")]
    public string Direction { get; set; } = "Increase";

    [Parameter]
    public double AllowedIncrease { get; set; } = 1.0;

    [Parameter]
    public double AllowedDecrease { get; set; } = 1.0;

    [Parameter]
    public double ConfidenceLevel { get; set; } = 0.98;

    [Parameter]
    public int MinimumSamples { get; set; } = 5;

    [Parameter]
    public SwitchParameter Bonferroni { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _criteria = new SteadyStateCriteria
            {
                Direction = Enum.Parse<ShiftDirection>(Direction, ignoreCase: true),
                AllowedIncrease = AllowedIncrease,
                AllowedDecrease = AllowedDecrease,
                ConfidenceLevel = ConfidenceLevel,
                MinimumSamples = MinimumSamples,
            };
            _criteria.Validate();
            _requirement = Requirement();
            _samples = new SteadyStateSamples(Column, Unit is null ? null : Enum.Parse<DurationUnit>(Unit, ignoreCase: true), Quantile, GroupBy) { AcceptResumeLoss = AcceptResumeLoss };
        }
        catch (ToleranceException e)
        {
            ThrowTerminatingError(ToleranceErrors.Create(e, null));
        }

        foreach (var item in Baseline ?? [])
        {
            Add(candidate: false, item);
        }
    }

    protected override void ProcessRecord()
    {
        var baseObject = Candidate?.BaseObject;
        if (baseObject is not PixieRow && baseObject is not string && LanguagePrimitives.GetEnumerable(baseObject) is { } items)
        {
            foreach (var item in items)
            {
                Add(candidate: true, item);
            }
        }
        else
        {
            Add(candidate: true, Candidate);
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
            if (GroupBy is not null)
            {
                var grouped = _samples!.CompareGroups(_criteria!, _requirement!, Bonferroni);
                (result, explanation, passed, inconclusive) = (grouped, grouped.Explanation, grouped.Passed, grouped.Verdict == nameof(GroupOutcome.Inconclusive));
            }
            else
            {
                var single = _samples!.Compare(_criteria!, bonferroni: false)[0];
                (result, explanation, passed, inconclusive) = (single, single.Explanation, single.Passed, single.Verdict == nameof(SteadyStateVerdict.Inconclusive));
            }
        }
        catch (ToleranceException e)
        {
            ThrowTerminatingError(ToleranceErrors.Create(e, _firstRow));
            return;
        }

        WriteVerdict(result, explanation, passed, inconclusive, !Quiet);
    }

    // A null is no value and is skipped: an empty side makes the comparison Inconclusive, not an error.
    private void Add(bool candidate, object? item)
    {
        if (item is null)
        {
            return;
        }

        _firstRow ??= item;
        try
        {
            var baseObject = item is PSObject wrapped ? wrapped.BaseObject : item;
            var (hasGroup, groupValue) = GroupBy is null ? (false, null) : ToleranceRowFields.ReadAny(item, GroupBy);
            if (Column is null)
            {
                _samples!.AddNumber(candidate, item, baseObject, hasGroup, groupValue);
            }
            else if (baseObject is PixieRow pixieRow)
            {
                _samples!.AddRow(candidate, pixieRow, hasGroup, groupValue);
            }
            else
            {
                var (hasColumn, value) = ToleranceRowFields.Read(PSObject.AsPSObject(item), Column);
                _samples!.AddRow(candidate, item, hasColumn, value, hasGroup, groupValue);
            }
        }
        catch (ToleranceException e)
        {
            ThrowTerminatingError(ToleranceErrors.Create(e, item));
        }
    }
}
