using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Reporting;

internal enum JUnitOutcome
{
    Passed,
    Failure,
    Error,
    Skipped,
}

/// <summary>One test case: where it ran (classname), what it was (name), how it ended, and what it printed.</summary>
internal sealed record JUnitCase(string ClassName, string Name, double Seconds, JUnitOutcome Outcome, string? Message = null, string? Type = null, string? Detail = null, string? Output = null);

/// <summary>
/// One suite of the JUnit file: an experiment's test cases read from its journal (<see cref="From"/>), or a
/// steady-state check's (History/CheckJUnitSuite). For an experiment, declared activities that have no record are the
/// ones that never ran (the hypothesis stops at the first probe that misses or raises; the method is skipped when the
/// steady state did not hold before it, and cut short when the run stops): they are <c>skipped</c>, so that a CI
/// server shows what was not tested.
/// </summary>
internal sealed class JUnitSuite
{
    public JUnitSuite(string name, double seconds, DateTimeOffset start, string host, IReadOnlyList<KeyValuePair<string, string>> properties, IReadOnlyList<JUnitCase> cases, string output)
    {
        Name = name;
        Seconds = seconds;
        Start = start;
        Host = host;
        Properties = properties;
        Cases = cases;
        Output = output;
    }

    public string Name { get; }

    public double Seconds { get; }

    public DateTimeOffset Start { get; }

    public string Host { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; }

    public IReadOnlyList<JUnitCase> Cases { get; }

    /// <summary>The suite's system-out: its verdict in a line.</summary>
    public string Output { get; }

    public int Failures => Cases.Count(c => c.Outcome == JUnitOutcome.Failure);

    public int Errors => Cases.Count(c => c.Outcome == JUnitOutcome.Error);

    public int Skipped => Cases.Count(c => c.Outcome == JUnitOutcome.Skipped);

    public static JUnitSuite From(JsonObject journal)
    {
        var report = JournalParser.Parse(journal, "journal");
        var experiment = journal["experiment"] as JsonObject ?? [];
        var probes = Names(experiment["steady-state-hypothesis"]?["probes"]);
        var method = Names(experiment["method"]);
        var title = report.Title;
        var cases = new List<JUnitCase>();

        foreach (var state in report.SteadyStates)
        {
            var phase = state.Phase switch
            {
                SteadyStatePhase.Before => "before",
                SteadyStatePhase.After => "after",
                _ => $"during.{state.Iteration}",
            };
            AddPhase(cases, $"{title}.steady-state.{phase}", state.Probes, probes, "the hypothesis stopped at an earlier probe that missed its tolerance or raised");
        }

        var notTested = report.Before?.Met == false;
        if (notTested && report.After is null)
        {
            cases.AddRange(probes.Select(name => Skip($"{title}.steady-state.after", name, "the steady state was not met before the method, so nothing was tested")));
        }

        AddPhase(cases, $"{title}.method", report.Method, method, notTested
            ? "the steady state was not met before the method, so the method did not run"
            : $"the activity did not run: the run ended ({report.Status ?? "unknown"}) before it, or it was declined (-Confirm)");
        cases.AddRange(report.Rollbacks.Select(r => Case($"{title}.rollbacks", r)));
        KeyValuePair<string, string>[] properties =
        [
            new("status", report.Status ?? "unknown"),
            new("deviated", report.Deviated ? "true" : "false"),
            new("verdict", report.Verdict.Label),
        ];
        return new JUnitSuite(title, report.Duration ?? 0, report.Start ?? DateTimeOffset.UnixEpoch, report.Node ?? "localhost", properties, cases,
            $"{report.Verdict.Label}: {report.Verdict.Meaning}");
    }

    // The records of one phase, then a skipped case for each declared activity left without one.
    private static void AddPhase(List<JUnitCase> cases, string className, IReadOnlyList<ActivityReport> records, IReadOnlyList<string> declared, string skippedBecause)
    {
        cases.AddRange(records.Select(r => Case(className, r)));
        var unmatched = records.Select(r => r.Name).ToList();
        foreach (var name in declared)
        {
            if (!unmatched.Remove(name))
            {
                cases.Add(Skip(className, name, skippedBecause));
            }
        }
    }

    private static JUnitCase Case(string className, ActivityReport record)
    {
        var seconds = record.Duration ?? 0;
        if (record.Failed)
        {
            var error = record.Error ?? "the activity failed";
            return new(className, record.Name, seconds, JUnitOutcome.Error, error, "ActivityFailed", Detail(record, error));
        }

        if (record.Status is null)
        {
            return new(className, record.Name, seconds, JUnitOutcome.Error, "interrupted before the activity finished", "Interrupted");
        }

        if (record.ToleranceMet == false)
        {
            return new(className, record.Name, seconds, JUnitOutcome.Failure, record.ToleranceMessage, "ToleranceNotMet", Detail(record, record.ToleranceMessage));
        }

        return new(className, record.Name, seconds, JUnitOutcome.Passed);
    }

    private static JUnitCase Skip(string className, string name, string because) =>
        new(className, name, 0, JUnitOutcome.Skipped, because);

    // The element's text: the message, then the facts a person checks next.
    private static string Detail(ActivityReport record, string message)
    {
        var lines = new List<string> { message };
        if (record.Provider is { } provider)
        {
            lines.Add($"provider: {provider}");
        }

        if (record.Tolerance is { } tolerance)
        {
            lines.Add($"tolerance: {tolerance}");
        }

        if (record.Reading is { } reading)
        {
            lines.Add($"measured: {reading.Text}");
        }

        lines.AddRange(record.Groups.Select(group => $"group {group}"));

        return string.Join('\n', lines);
    }

    private static List<string> Names(JsonNode? activities) =>
        activities is JsonArray list
            ? list.OfType<JsonObject>().Select(a => JournalText.String(a["name"]) ?? JournalText.String(a["ref"]) ?? "(unnamed activity)").ToList()
            : [];
}
