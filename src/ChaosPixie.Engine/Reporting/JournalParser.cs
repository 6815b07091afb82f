using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments;

namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// Reads upstream's journal (keys, record shapes, timestamps) into a <see cref="JournalReport"/>. It reads
/// only what the journal holds: values that the runner replaced by <c>***</c> stay masked, and nothing of the
/// experiment's configuration or secrets is taken.
/// </summary>
public static class JournalParser
{
    // Outputs nest (HTTP bodies, PowerShell objects); deeper than the default 64 is still a journal.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    public static JournalReport Parse(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {e.BytePositionInLine + 1}") : string.Empty;
            throw new ReportException(ReportErrorKind.InvalidJson, $"'{source}' is not valid JSON{where}: a journal is the journal.json that Invoke-ChaosExperiment or chaos run writes.", e);
        }

        return Parse(root, source);
    }

    public static JournalReport Parse(JsonNode? root, string source)
    {
        if (root is not JsonObject journal || journal["experiment"] is not JsonObject experiment
            || !(journal.ContainsKey("status") || journal.ContainsKey("run") || journal.ContainsKey("steady_states")))
        {
            var hint = root is JsonObject obj && obj.ContainsKey("method")
                ? " It looks like an experiment: run it with Invoke-ChaosExperiment and report on the journal.json it writes."
                : " Give the journal.json that Invoke-ChaosExperiment or chaos run writes.";
            throw new ReportException(ReportErrorKind.NotAJournal, $"'{source}' is not a Chaos Toolkit journal: it has no 'experiment' object with the run's 'status', 'steady_states' and 'run'.{hint}");
        }

        var states = journal["steady_states"] as JsonObject;
        return new JournalReport
        {
            Source = source,
            Title = JournalText.String(experiment["title"]) is { Length: > 0 } title ? title : "(untitled experiment)",
            Description = JournalText.String(experiment["description"]),
            Status = JournalText.String(journal["status"]),
            Deviated = journal["deviated"] is JsonValue deviated && deviated.TryGetValue(out bool d) && d,
            Start = Time(journal["start"]),
            End = Time(journal["end"]),
            Duration = Number(journal["duration"]),
            Node = JournalText.String(journal["node"]),
            Dry = JournalText.String(experiment["dry"]),
            Tags = experiment["tags"] is JsonArray tags ? tags.Select(JournalText.String).OfType<string>().ToList() : [],
            Before = State(states?["before"], SteadyStatePhase.Before, 0),
            After = State(states?["after"], SteadyStatePhase.After, 0),
            During = states?["during"] is JsonArray during
                ? during.Select((s, i) => State(s, SteadyStatePhase.During, i + 1)).OfType<SteadyStateReport>().ToList()
                : [],
            Method = Records(journal["run"], steadyState: false),
            Rollbacks = Records(journal["rollbacks"], steadyState: false),
        };
    }

    private static SteadyStateReport? State(JsonNode? node, SteadyStatePhase phase, int iteration) =>
        node is JsonObject state
            ? new SteadyStateReport
            {
                Phase = phase,
                Iteration = iteration,
                Met = Bool(state["steady_state_met"]),
                Probes = Records(state["probes"], steadyState: true),
            }
            : null;

    private static List<ActivityReport> Records(JsonNode? node, bool steadyState) =>
        node is JsonArray records ? records.OfType<JsonObject>().Select(r => Record(r, steadyState)).ToList() : [];

    private static ActivityReport Record(JsonObject record, bool steadyState)
    {
        var activity = record["activity"] as JsonObject ?? [];
        var tolerance = activity["tolerance"];
        return new ActivityReport
        {
            Name = JournalText.String(activity["name"]) ?? JournalText.String(activity["ref"]) ?? "(unnamed activity)",
            Type = JournalText.String(activity["type"]) ?? "activity",
            Provider = JournalText.Provider(activity["provider"]),
            Background = Bool(activity["background"]) == true,
            Status = JournalText.String(record["status"]),
            Start = Time(record["start"]),
            End = Time(record["end"]),
            Duration = Number(record["duration"]),
            Error = JournalText.Error(record["exception"]),
            ExitCode = steadyState ? null : ExitCode(activity["provider"], record["output"]),
            ToleranceMet = steadyState ? Bool(record["tolerance_met"]) : null,
            Tolerance = steadyState ? JournalText.Tolerance(tolerance) : null,
            Reading = steadyState ? JournalText.Reading(tolerance, record["tolerance_result"] ?? record["output"]) : null,
            Explanation = steadyState ? JournalText.Explanation(record["tolerance_result"] ?? record["output"]) : null,
            Groups = steadyState ? JournalText.Groups(record["tolerance_result"] ?? record["output"]) : [],
        };
    }

    private static int? ExitCode(JsonNode? provider, JsonNode? output) => ExperimentRegistry.ProviderType(provider)?.ExitCode(output);

    private static DateTimeOffset? Time(JsonNode? node) =>
        JournalText.String(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    private static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out bool b) ? b : null;
}
