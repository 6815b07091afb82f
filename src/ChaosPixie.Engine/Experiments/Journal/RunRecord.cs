using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// One run record in upstream's key order: activity, output, start, status, exception (when failed), end, duration,
/// and tolerance_met for steady-state probes. The record is built as the activity runs, so a record cut short by an
/// interruption keeps no <c>status</c>, as upstream's does.
/// </summary>
public sealed class RunRecord
{
    public RunRecord(JsonObject activity, DateTimeOffset start)
    {
        Start = start;
        Node = new JsonObject
        {
            ["activity"] = activity.DeepClone(),
            ["output"] = null,
            ["start"] = JournalTime.Format(start),
        };
    }

    public JsonObject Node { get; }

    public DateTimeOffset Start { get; }

    public string? Status => (string?)Node["status"];

    public bool Failed => Status == "failed";

    /// <summary>
    /// The output as the provider gave it, for the tolerance: spilled rows stay in their file. The record holds it
    /// with secrets masked.
    /// </summary>
    public JsonNode? Output { get; private set; }

    /// <summary>
    /// Records the output, secrets masked. Spilled rows go in as the journal holds a long output: the first rows
    /// inline in <c>output</c>, and <c>output_rows</c> saying how many there are and which file beside the journal
    /// holds them all.
    /// </summary>
    public void Succeed(JsonNode? output, Redactor redactor)
    {
        if (SpilledRows.From(output) is { } rows)
        {
            Node["output"] = redactor.Redact(rows.Head);
            Node["output_rows"] = rows.Describe();
            Output = output;
        }
        else
        {
            Node["output"] = redactor.Redact(output);
            Output = Node["output"];
        }

        Node["status"] = "succeeded";
    }

    /// <summary>
    /// ChaosPixie's addition before <c>status</c>, when the provider ran its work again (a chaospixie probe whose
    /// stream was cut runs its script once more as a fresh query): why, and the first query. Readers of upstream's
    /// journal skip a key they do not know; <c>output</c> stays the list of rows upstream's probe returns.
    /// </summary>
    public void SetRerun(JsonObject? rerun, Redactor redactor)
    {
        if (rerun is not null)
        {
            Node["rerun"] = redactor.Redact(rerun);
        }
    }

    public void Fail(string message, Exception? cause, IEnumerable<string>? traceback = null)
    {
        Node["status"] = "failed";
        Node["exception"] = traceback is null ? ExceptionLines(message, cause) : new JsonArray([.. traceback.Select(line => JsonValue.Create(line))]);
    }

    public void End(DateTimeOffset end)
    {
        Node["end"] = JournalTime.Format(end);
        Node["duration"] = JournalTime.Seconds(Start, end);
    }

    public void SetToleranceMet(bool met) => Node["tolerance_met"] = met;

    /// <summary>
    /// ChaosPixie's addition after <c>tolerance_met</c>: the measured value, threshold and explanation of a tolerance
    /// that gave them, so that a journal says by how much a steady state held or broke. Readers of upstream's journal
    /// skip a key they do not know.
    /// </summary>
    public void SetToleranceResult(JsonObject result) => Node["tolerance_result"] = result;

    /// <summary>
    /// Upstream's <c>traceback.format_exception</c> list; readers rely on its last line only, which is always
    /// <c>chaoslib.exceptions.ActivityFailed: message</c>. A chained cause comes first, as Python prints it.
    /// </summary>
    private static JsonArray ExceptionLines(string message, Exception? cause)
    {
        var lines = new JsonArray();
        if (cause is not null)
        {
            lines.Add($"{cause.GetType().FullName}: {cause.Message}\n");
            lines.Add("\nThe above exception was the direct cause of the following exception:\n\n");
        }

        lines.Add($"chaoslib.exceptions.ActivityFailed: {message}\n");
        return lines;
    }
}
