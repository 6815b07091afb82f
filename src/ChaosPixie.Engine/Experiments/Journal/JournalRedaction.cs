using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// The journal as it leaves a run: everything that came from the user (the experiment, each record's activity, output,
/// exception and tolerance result) redacted, and the fields the engine writes itself (versions, platform, node,
/// times, durations, statuses, verdicts, where a long output's rows are) kept as written. A secret as short as a digit
/// would otherwise mask the times (<c>2026-***-30T...</c>) and, being a letter, the keys. The fields are told apart by where they sit, not by their
/// name alone: an activity's arguments may well hold a key named <c>start</c>.
/// </summary>
public static class JournalRedaction
{
    private static readonly HashSet<string> JournalFields = ["chaoslib-version", "platform", "node", "start", "status", "deviated", "end", "duration"];
    private static readonly HashSet<string> RecordFields = ["start", "status", "end", "duration", "tolerance_met", "output_rows"];

    public static JsonObject Redact(JsonObject journal, Redactor redactor)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in journal)
        {
            copy[key] = key switch
            {
                "run" or "rollbacks" => Records(value, redactor),
                "steady_states" when value is JsonObject states => SteadyStates(states, redactor),
                _ when JournalFields.Contains(key) => value?.DeepClone(),
                _ => redactor.Redact(value),
            };
        }

        return copy;
    }

    // {before, after, during[]}: each a hypothesis run, {steady_state_met, probes[]}.
    private static JsonObject SteadyStates(JsonObject states, Redactor redactor)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in states)
        {
            copy[key] = value is JsonArray during ? new JsonArray(during.Select(state => Hypothesis(state, redactor)).ToArray()) : Hypothesis(value, redactor);
        }

        return copy;
    }

    private static JsonNode? Hypothesis(JsonNode? state, Redactor redactor)
    {
        if (state is not JsonObject obj)
        {
            return redactor.Redact(state);
        }

        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            copy[key] = key == "probes" ? Records(value, redactor) : redactor.Redact(value);
        }

        return copy;
    }

    private static JsonNode? Records(JsonNode? records, Redactor redactor) =>
        records is JsonArray array ? new JsonArray(array.Select(record => Record(record, redactor)).ToArray()) : redactor.Redact(records);

    private static JsonNode? Record(JsonNode? record, Redactor redactor)
    {
        if (record is not JsonObject obj)
        {
            return redactor.Redact(record);
        }

        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            copy[key] = RecordFields.Contains(key) ? value?.DeepClone() : redactor.Redact(value);
        }

        return copy;
    }
}
