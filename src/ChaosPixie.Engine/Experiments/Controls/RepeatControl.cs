using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// The repeat control's <c>after_activity_control</c>: after an activity runs, <c>repeat_count</c> − 1 copies of it
/// (each with its <c>iteration_index</c>) go right after the first activity of that name in the hypothesis probes,
/// the method and the rollbacks, which the runner walks live, so the copies run next (the journal's copy of the
/// experiment lists them too, as upstream's does). A copy is never repeated; with
/// <c>break_if_previous_iteration_failed</c>, an activity whose first run did not succeed is not repeated.
/// </summary>
internal sealed class RepeatControl : IControl
{
    private readonly ControlRuntime _runtime;

    public RepeatControl(ControlRuntime runtime) => _runtime = runtime;

    public void Configure(JsonObject declaration, bool global)
    {
    }

    public void Cleanup()
    {
    }

    public void Run(ControlHook hook, JsonObject declaration, JsonNode? context, JsonNode? state)
    {
        if (hook != new ControlHook(ControlLevel.Activity, Before: false) || context is not JsonObject activity || activity.ContainsKey("iteration_index"))
        {
            return;
        }

        var arguments = _runtime.Substitute(declaration["provider"]?["arguments"]) as JsonObject ?? [];
        var copies = (int)(PythonValue.AsNumber(arguments["repeat_count"]) ?? 0) - 1;
        if (copies <= 0 || (PythonValue.IsTruthy(arguments["break_if_previous_iteration_failed"]) && PythonValue.AsString(state?["status"]) != "succeeded"))
        {
            return;
        }

        var name = PythonValue.AsString(activity["name"]);
        Insert(_runtime.Experiment, name, copies);
        if (_runtime.JournalExperiment() is { } journal)
        {
            Insert(journal, name, copies);
        }
    }

    private static void Insert(JsonObject experiment, string? name, int copies)
    {
        var hypothesis = experiment["steady-state-hypothesis"] as JsonObject;
        foreach (var list in new[] { hypothesis?["probes"], experiment["method"], experiment["rollbacks"] }.OfType<JsonArray>())
        {
            var index = list.ToList().FindIndex(a => a is JsonObject o && PythonValue.AsString(o["name"]) == name);
            if (index < 0)
            {
                continue;
            }

            for (var k = 1; k <= copies; k++)
            {
                var copy = (JsonObject)list[index]!.DeepClone();
                copy["iteration_index"] = k;
                list.Insert(index + k, copy);
            }
        }
    }
}
