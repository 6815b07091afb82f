using ChaosPixie.Engine.Reporting;

namespace ChaosPixie.Engine.History;

/// <summary>
/// What a check tells Azure Pipelines: an error per Broken probe, a warning per Drifting or Inconclusive one, and the
/// task result: Succeeded when Steady, SucceededWithIssues when Drifting or Inconclusive, Failed when Broken or not
/// recorded.
/// </summary>
public static class CheckAzurePipelines
{
    public static IEnumerable<string> Lines(SteadyStateCheckResult check, string checkPath)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var probe in check.Probes.Where(p => p.Outcome != CheckVerdict.Steady))
        {
            yield return AzurePipelinesCommands.LogIssue(probe.Outcome == CheckVerdict.Broken, checkPath, $"SteadyState{probe.Verdict}", $"{probe.Probe}: {probe.Explanation}");
        }

        var result = check.History is null || check.Outcome == CheckVerdict.Broken ? AzurePipelinesResult.Failed
            : check.Outcome == CheckVerdict.Steady ? AzurePipelinesResult.Succeeded
            : AzurePipelinesResult.SucceededWithIssues;
        var recorded = check.History is null ? "not recorded" : $"recorded in {check.History}";
        yield return AzurePipelinesCommands.Complete(result, $"Steady-state check '{check.Check}': {check.Verdict} ({recorded})");
    }
}
