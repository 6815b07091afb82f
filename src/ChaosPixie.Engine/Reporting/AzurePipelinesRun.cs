namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// What a finished run tells Azure Pipelines: an issue per tolerance not met and per failed activity, and the task
/// result. The mapping: <c>Succeeded</c> for a completed run that held and where nothing went wrong;
/// <c>SucceededWithIssues</c> for a completed run that did not deviate but has something to look at (the steady state
/// not met before the method, so nothing was tested; a failed method action or rollback; misses during the method);
/// <c>Failed</c> for a deviated, failed, aborted or interrupted run.
/// </summary>
public static class AzurePipelinesRun
{
    public const string ToleranceNotMet = "ToleranceNotMet";
    public const string ActivityFailed = "ActivityFailed";
    public const string RollbackFailed = "RollbackFailed";

    public static AzurePipelinesResult ResultOf(JournalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Status != "completed" || report.Deviated)
        {
            return AzurePipelinesResult.Failed;
        }

        var issues = report.Before?.Met == false || report.MissedIterations > 0 || report.FailedActivities.Any(a => a.Failed);
        return issues ? AzurePipelinesResult.SucceededWithIssues : AzurePipelinesResult.Succeeded;
    }

    /// <summary>The <c>task.logissue</c> lines: errors for the tolerances that decided the verdict and failed method activities, warnings for failed rollbacks.</summary>
    public static IEnumerable<string> Issues(JournalReport report, string experimentPath)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var probe in report.BrokenProbes)
        {
            yield return probe.Failed
                ? AzurePipelinesCommands.LogIssue(true, experimentPath, ActivityFailed, $"{probe.Name}: {probe.Error ?? "the probe failed"}")
                : AzurePipelinesCommands.LogIssue(true, experimentPath, ToleranceNotMet, $"{probe.Name}: {probe.ToleranceMessage}");
        }

        foreach (var activity in report.Method.Where(a => a.Failed))
        {
            yield return AzurePipelinesCommands.LogIssue(true, experimentPath, ActivityFailed, $"{activity.Name}: {activity.Error ?? "the activity failed"}");
        }

        foreach (var rollback in report.Rollbacks.Where(a => a.Failed))
        {
            yield return AzurePipelinesCommands.LogIssue(false, experimentPath, RollbackFailed, $"{rollback.Name}: {rollback.Error ?? "the rollback failed"}");
        }
    }

    public static string Complete(JournalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AzurePipelinesCommands.Complete(ResultOf(report), $"{report.Verdict.Label}: {report.Title}");
    }
}
