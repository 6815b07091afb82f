using System.Management.Automation;
using ChaosPixie.Engine.Statistics;
using ChaosPixie.PowerShell.Completion;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// What Test-PercentileBelow, Test-PercentileAbove and Compare-SteadyState share: how the column is read (-Unit,
/// -Quantile), judging per group (-GroupBy with -Require or -AllowFailures, read by the engine's
/// <see cref="GroupRequirement.Of"/>), accepting a resumed result, and writing the verdict (the full result, or a bool
/// with a warning when it is inconclusive). Engine enums stay strings here (see PercentileToleranceCommand).
/// </summary>
public abstract class ColumnJudgementCmdlet : PSCmdlet
{
    private protected const string RequireSet = "Require";
    private protected const string AllowFailuresSet = "AllowFailures";

    [Parameter]
    [ValidateSet("Nanoseconds", "Microseconds", "Milliseconds", "Seconds")]
    public string? Unit { get; set; }

    [Parameter]
    [ValidateSet("P01", "P10", "P25", "P50", "P75", "P90", "P99")]
    public string? Quantile { get; set; }

    /// <summary>Judges each value of this column or property (service, pod, ClusterId) on its own rows.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string? GroupBy { get; set; }

    [Parameter(ParameterSetName = RequireSet)]
    [ValidateSet("All", "Any")]
    public string Require { get; set; } = "All";

    [Parameter(ParameterSetName = AllowFailuresSet, Mandatory = true)]
    public int AllowFailures { get; set; }

    /// <summary>Judges rows of a result resumed after a cut, accepting that Pixie may have lost some across the resume.</summary>
    [Parameter]
    public SwitchParameter AcceptResumeLoss { get; set; }

    /// <summary>How the groups make the overall verdict; throws a <see cref="ToleranceException"/> for a negative -AllowFailures.</summary>
    private protected GroupRequirement Requirement() =>
        GroupRequirement.Of(ParameterSetName == AllowFailuresSet ? null : Require, ParameterSetName == AllowFailuresSet ? AllowFailures : null);

    /// <summary>The result itself when <paramref name="full"/>, else whether it passed, with a warning when it is inconclusive.</summary>
    private protected void WriteVerdict(object result, string explanation, bool passed, bool inconclusive, bool full)
    {
        WriteVerbose(explanation);
        if (full)
        {
            WriteObject(result);
            return;
        }

        if (inconclusive)
        {
            WriteWarning(explanation);
        }

        WriteObject(passed);
    }
}
