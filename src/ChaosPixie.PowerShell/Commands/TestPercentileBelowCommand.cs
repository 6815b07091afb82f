using System.Management.Automation;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>Passes when the percentile of a column is at most the threshold (chaostoolkit-pixie's *_should_be_below).</summary>
[Cmdlet(VerbsDiagnostic.Test, "PercentileBelow", DefaultParameterSetName = "Require")]
[OutputType(typeof(bool))]
[OutputType("ChaosPixie.ToleranceResult", "ChaosPixie.ToleranceGroupResult")]
public sealed class TestPercentileBelowCommand : PercentileToleranceCommand
{
    private protected override bool PassesBelow => true;
}
