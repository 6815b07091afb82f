using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>One step a run would take: what it acts on ("name (process: kubectl get pods)") and what it does.</summary>
public sealed record PlannedStep(string Target, string Action);

/// <summary>
/// The steps of an experiment in the order a run takes them (steady-state probes, method, rollbacks), refs resolved
/// as the runner resolves them (against the method's activities and the hypothesis's probes): what -WhatIf shows, each
/// activity described by its provider type as the report describes it. It reads any document, valid or not (-WhatIf
/// -NoValidation): an element of the wrong type is shown as it is.
/// </summary>
public static class ExperimentPlan
{
    public static IReadOnlyList<PlannedStep> Of(JsonObject experiment)
    {
        var probes = (experiment["steady-state-hypothesis"] as JsonObject)?["probes"] as JsonArray ?? [];
        var method = experiment["method"] as JsonArray ?? [];
        var named = method.Concat(probes).OfType<JsonObject>().Where(a => !a.ContainsKey("ref")).ToList();

        JsonObject Resolve(JsonNode? item)
        {
            var activity = item as JsonObject ?? [];
            return PythonValue.AsString(activity["ref"]) is { } reference
                ? named.FirstOrDefault(a => PythonValue.AsString(a["name"]) == reference) ?? activity
                : activity;
        }

        string Describe(JsonObject activity) =>
            $"{ValueExcerpt.Of(PythonValue.AsString(activity["name"]) ?? PythonValue.AsString(activity["ref"]))} ({Provider(activity)})";

        return
        [
            .. probes.Select(Resolve).Select(p => new PlannedStep(Describe(p), "Run steady-state probe")),
            .. method.Select(Resolve).Select(a => new PlannedStep(Describe(a), PythonValue.AsString(a["type"]) == "probe" ? "Run chaos probe" : "Run chaos action")),
            .. (experiment["rollbacks"] as JsonArray ?? []).Select(Resolve).Select(r => new PlannedStep(Describe(r), "Run rollback")),
        ];
    }

    /// <summary>What an activity runs, as its provider type describes it (<c>process: kubectl get pods</c>); its type, or "ref", when it has no provider to describe.</summary>
    public static string Provider(JsonObject activity) =>
        ExperimentRegistry.Describe(activity["provider"]) ?? ValueExcerpt.Of(PythonValue.AsString((activity["provider"] as JsonObject)?["type"]) ?? "ref");
}
