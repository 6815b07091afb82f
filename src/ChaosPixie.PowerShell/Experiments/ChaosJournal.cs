using System.Globalization;
using System.Management.Automation;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.PowerShell.Experiments;

namespace ChaosPixie;

/// <summary>
/// What <c>Invoke-ChaosExperiment</c> outputs: the verdict at a glance, and the journal's records as objects
/// (their properties keep the journal's names: activity, output, start, status, exception, end, duration, tolerance_met).
/// The records become objects when first read: a run that only wants the verdict or the exit code (a CI step, a
/// scheduled check) does not pay for turning every inline row of the journal into a PSObject.
/// </summary>
public sealed class ChaosJournal
{
    private readonly JsonNode _journal;
    private PSObject? _steadyStates;
    private object?[]? _run;
    private object?[]? _rollbacks;
    private PSObject? _journalObject;

    internal ChaosJournal(ExperimentRunResult result)
    {
        var journal = result.Journal;
        _journal = journal;
        Title = Engine.Reporting.JournalText.String(journal["experiment"]?["title"]);
        Status = result.Status;
        Deviated = result.Deviated;
        Start = Time(journal["start"]);
        End = Time(journal["end"]);
        Duration = TimeSpan.FromSeconds((double)journal["duration"]!);
        var states = journal["steady_states"]!;
        SteadyStateBefore = (bool?)states["before"]?["steady_state_met"];
        SteadyStateAfter = (bool?)states["after"]?["steady_state_met"];
        JournalPath = result.JournalError is null ? result.JournalPath : null;
        ExitCode = result.ExitCode;
        DetailedExitCode = result.DetailedExitCode;
    }

    // The journal's times as written; a secret as short as a digit masks them too, and then they are unknown (default).
    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Engine.Reporting.JournalText.String(node), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : default;

    public string? Title { get; }

    /// <summary><c>completed</c>, <c>failed</c>, <c>aborted</c> or <c>interrupted</c>, as the journal says.</summary>
    public string Status { get; }

    /// <summary>True when the steady state after the method was not met.</summary>
    public bool Deviated { get; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Duration { get; }

    /// <summary>Whether the hypothesis held before the method; null when it did not run.</summary>
    public bool? SteadyStateBefore { get; }

    /// <summary>Whether the hypothesis held after the method; null when it did not run.</summary>
    public bool? SteadyStateAfter { get; }

    /// <summary>The journal's <c>steady_states</c>: before, after and during, with their probe records.</summary>
    public PSObject SteadyStates => _steadyStates ??= (PSObject)JsonToPowerShell.ToPowerShell(_journal["steady_states"])!;

    public object?[] Run => _run ??= Records(_journal["run"]);

    public object?[] Rollbacks => _rollbacks ??= Records(_journal["rollbacks"]);

    /// <summary>The full path of the journal file, or null when it could not be written.</summary>
    public string? JournalPath { get; }

    /// <summary><c>chaos run</c>'s exit code: 0 for a completed run that did not deviate, 6 when the journal was not written, else 1.</summary>
    public int ExitCode { get; }

    /// <summary>-DetailedExitCode's code: 0 steady, 1 deviated, 2 failed or aborted, 3 interrupted, 5 not met before the method, 6 journal not written.</summary>
    public int DetailedExitCode { get; }

    /// <summary>The whole journal, as the file holds it.</summary>
    public PSObject Journal => _journalObject ??= (PSObject)JsonToPowerShell.ToPowerShell(_journal)!;

    /// <summary>The default view's SteadyState line: before, after, and how many times the hypothesis ran during the method.</summary>
    [Hidden]
    public string SteadyStateText =>
        $"before: {Met(SteadyStateBefore)}, after: {Met(SteadyStateAfter)}, during: {Count((_journal["steady_states"] as JsonObject)?["during"])} run(s)";

    /// <summary>The default view's Run line: each method activity's name and status.</summary>
    [Hidden]
    public string RunText => ActivitiesText(_journal["run"]);

    /// <summary>The default view's Rollbacks line.</summary>
    [Hidden]
    public string RollbacksText => ActivitiesText(_journal["rollbacks"]);

    private static object?[] Records(JsonNode? records) =>
        records is JsonArray array ? array.Select(JsonToPowerShell.ToPowerShell).ToArray() : [];

    // The view's lines are made here rather than by script blocks in the format file: a CI step that prints the result
    // then compiles no PowerShell for it, a good part of a fresh process's cost.
    private static string Met(bool? met) => met switch { null => "not run", true => "met", false => "not met" };

    // As PowerShell counts @($value): an array's items, anything else (null too) as one.
    private static int Count(JsonNode? node) => node is JsonArray array ? array.Count : 1;

    // "name (status)" per record; a record cut short by an interruption has no status.
    private static string ActivitiesText(JsonNode? records) =>
        records is JsonArray array
            ? string.Join(", ", array.Select(record => record is JsonObject r
                ? $"{Text((r["activity"] as JsonObject)?["name"])} ({(r.ContainsKey("status") ? Text(r["status"]) : "cut short")})"
                : " (cut short)"))
            : string.Empty;

    // A value as PowerShell puts it in a string.
    private static string Text(JsonNode? node) =>
        Engine.Reporting.JournalText.String(node) ?? LanguagePrimitives.ConvertTo<string>(JsonToPowerShell.ToPowerShell(node)) ?? string.Empty;
}
