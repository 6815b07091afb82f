namespace ChaosPixie.Engine.Reporting;

/// <summary>How a verdict is coloured: good news, bad news, nothing tested, or no verdict at all.</summary>
public enum VerdictTone
{
    Passed,
    Failed,
    Warning,
    Unknown,
}

/// <summary>The run's outcome in one word and one sentence, from the journal's status and deviated flag.</summary>
public sealed record Verdict(string Label, VerdictTone Tone, string Meaning)
{
    public static Verdict Of(JournalReport report)
    {
        switch (report.Status)
        {
            case "interrupted":
                return new("Interrupted", VerdictTone.Unknown, "The run was stopped before it finished (Ctrl+C, a signal or a control), so it gives no verdict on the system.");
            case "aborted":
                return new("Aborted", VerdictTone.Failed, "The run stopped on an unexpected error in the method, so it gives no verdict on the system.");
            case "failed":
                var failedProbe = report.SteadyStates.SelectMany(s => s.Probes).FirstOrDefault(p => p.Failed);
                return new("Failed", VerdictTone.Failed, failedProbe is not null
                    ? $"The probe '{failedProbe.Name}' raised an error, so the steady state could not be checked and the run failed."
                    : "The steady state was missed during the method and fail-fast stopped the run.");
            case "completed" when report.Deviated:
                return new("Deviated", VerdictTone.Failed, report.Before?.Met == true
                    ? "The steady state held before the method but not after it: the system did not tolerate the experiment."
                    : "The steady state was not met after the method: the system did not tolerate the experiment.");
            case "completed" when report.Before?.Met == false:
                return new("Not tested", VerdictTone.Warning, "The steady state was not met before the method, so the method did not run and nothing was tested (chaos run still says completed).");
            case "completed":
                var missed = report.During.Count(s => s.Met == false);
                if (missed > 0)
                {
                    return new("Completed", VerdictTone.Warning, $"The steady state held after the method, but it was missed {missed} time{(missed == 1 ? string.Empty : "s")} during the method (without fail-fast that does not change the verdict).");
                }

                return report.Before is null && report.After is null && report.During.Count == 0
                    ? new("Completed", VerdictTone.Passed, "The method ran to the end; the experiment checked no steady state.")
                    : new("Completed", VerdictTone.Passed, "The steady state held before and after the method: the system tolerated the experiment.");
            default:
                return new("Unknown", VerdictTone.Unknown, "The journal has no final status: the run did not finish writing it.");
        }
    }
}
