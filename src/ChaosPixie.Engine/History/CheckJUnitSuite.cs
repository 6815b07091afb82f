using ChaosPixie.Engine.Reporting;

namespace ChaosPixie.Engine.History;

/// <summary>
/// A steady-state check run as a JUnit suite: one case per probe (classname the check), Broken and Drifting probes as
/// failures whose type is the verdict, Inconclusive ones skipped, the explanation as the message and each case's
/// system-out; the verdict, status and history as properties.
/// </summary>
internal static class CheckJUnitSuite
{
    public const string Title = "Steady-state checks";

    public static JUnitSuite From(SteadyStateCheckResult check)
    {
        var cases = check.Probes.Select(probe => new JUnitCase(check.Check, probe.Probe, 0, probe.Outcome switch
        {
            CheckVerdict.Broken or CheckVerdict.Drifting => JUnitOutcome.Failure,
            CheckVerdict.Inconclusive => JUnitOutcome.Skipped,
            _ => JUnitOutcome.Passed,
        }, probe.Explanation, probe.Outcome is CheckVerdict.Broken or CheckVerdict.Drifting ? probe.Verdict : null, Output: $"{probe.Verdict}: {probe.Explanation}")).ToList();
        var history = check.History ?? "not recorded";
        KeyValuePair<string, string>[] properties = [new("verdict", check.Verdict), new("status", check.Status), new("history", history)];
        return new JUnitSuite(check.Check, (check.EndedAt - check.StartedAt).TotalSeconds, check.StartedAt, check.Host, properties, cases,
            $"{check.Verdict} ({(check.History is null ? "not recorded" : $"recorded in {check.History}")})");
    }
}
