using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ChaosPixie.PowerShell.Hosting;

/// <summary>
/// Registers `Should -HavePercentileBelow` and `Should -HavePercentileAbove` when Pester 5 or later is already
/// loaded in the session that imports the module (tests import ChaosPixie from BeforeAll, after Pester).
/// The operators are script blocks that call the cmdlets, so the verdict is computed in one place.
/// </summary>
internal static class PesterOperators
{
    // Only a Pester that is already loaded: asking Get-Command for Add-ShouldOperator could auto-load an old one.
    // A core cmdlet only: Where-Object or Sort-Object here would auto-load Microsoft.PowerShell.Utility at every
    // import, a good part of the import's cost when Pester is not there.
    private const string LoadedPester = "Microsoft.PowerShell.Core\\Get-Module -Name Pester";

    private const string Registration = """
        param([psmoduleinfo] $Pester, [scriptblock] $Below, [scriptblock] $Above)
        try {
            & $Pester.ExportedCommands['Add-ShouldOperator'] -Name HavePercentileBelow -Test $Below -SupportsArrayInput
            & $Pester.ExportedCommands['Add-ShouldOperator'] -Name HavePercentileAbove -Test $Above -SupportsArrayInput
        }
        catch {
            Write-Warning "ChaosPixie could not add its Should operators to Pester $($Pester.Version): $($_.Exception.Message)"
        }
        """;

    // Pester calls the test with the operator's parameters by name, -Negate, and -CallerSessionState (left in $args).
    // An inconclusive verdict fails with and without -Not: too few samples prove nothing either way.
    private const string OperatorTemplate = """
        param($ActualValue, [switch] $Negate, $Column, $Threshold, $Percentile, $Unit, $Quantile, $Target, $Method, $MinimumSamples, $Because)
        $arguments = @{}
        foreach ($name in 'Column', 'Threshold', 'Percentile', 'Unit', 'Quantile', 'Target', 'Method', 'MinimumSamples') {
            if ($PSBoundParameters.ContainsKey($name)) { $arguments[$name] = $PSBoundParameters[$name] }
        }
        $reason = if ($Because) { " because $Because," } else { ',' }
        try {
            $result = $ActualValue | ChaosPixie\{0} @arguments -Detailed -ErrorAction Stop
        }
        catch {
            return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected rows whose percentile can be measured$reason but: $($_.Exception.Message)" }
        }
        $succeeded = if ($Negate) { $result.Verdict -eq 'Failed' } else { $result.Passed }
        $expected = if ($Negate) { "not $($result.Expectation)" } else { $result.Expectation }
        [pscustomobject]@{
            Succeeded      = $succeeded
            FailureMessage = if (-not $succeeded) { "Expected $expected$reason but $($result.Explanation)." }
        }
        """;

    public static void Register()
    {
        // Pester 5 and later load their Pester assembly at import: without it in the process, no session has a Pester
        // to extend, and the import skips compiling and running the script that asks for it.
        if (Runspace.DefaultRunspace is null || !AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Pester"))
        {
            return;
        }

        // The newest Pester 5 or later of those loaded; the operators' script blocks are compiled only for it.
        var pester = ScriptBlock.Create(LoadedPester).Invoke()
            .Select(loaded => loaded.BaseObject)
            .OfType<PSModuleInfo>()
            .Where(module => module.Version.Major >= 5)
            .MaxBy(module => module.Version);
        if (pester is null)
        {
            return;
        }

        ScriptBlock.Create(Registration).Invoke(pester, Operator("Test-PercentileBelow"), Operator("Test-PercentileAbove"));
    }

    private static ScriptBlock Operator(string cmdlet) => ScriptBlock.Create(OperatorTemplate.Replace("{0}", cmdlet, StringComparison.Ordinal));
}
