using System.Management.Automation;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>Passes when the percentile of a column is at least the threshold (chaostoolkit-pixie's *_should_be_above).</summary>
[Cmdlet(VerbsDiagnostic.Test, "PercentileAbove", DefaultParameterSetName = "Require")]
[OutputType(typeof(bool))]
[OutputType("ChaosPixie.ToleranceResult", "ChaosPixie.ToleranceGroupResult")]
public sealed class TestPercentileAboveCommand : PercentileToleranceCommand
{
    private protected override bool PassesBelow => false;
}
