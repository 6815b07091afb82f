using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;
using static ChaosPixie.Engine.Experiments.Python.PythonValue;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// Upstream's `ensure_activity_is_valid`, check by check and message by message, for hypothesis probes, method
/// activities, rollbacks and probe tolerances. Like upstream it stops at an activity's first problem.
/// </summary>
internal static class ActivityValidator
{
    /// <summary>Returns true when the activity is valid; otherwise adds its first problem.</summary>
    public static bool Validate(JsonNode? node, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        if (!IsTruthy(node))
        {
            return problems.Upstream("empty activity is no activity", path);
        }

        if (node is not JsonObject activity)
        {
            return problems.Ours($"an activity must be a mapping, not a {ExperimentLoader.Describe(node)}", path);
        }

        if (activity.TryGetPropertyValue("ref", out var reference) && reference is not null)
        {
            return IsString(reference) && AsString(reference)!.Length > 0
                || problems.Upstream("reference to activity must be non-empty strings", DocumentPath.Child(path, "ref"));
        }

        var type = activity["type"];
        if (!IsTruthy(type))
        {
            return problems.Upstream("an activity must have a type", DocumentPath.Child(path, "type"));
        }

        if (AsString(type) is not ("probe" or "action"))
        {
            return problems.Upstream($"'{ValueExcerpt.Of(type)}' is not a supported activity type", DocumentPath.Child(path, "type"));
        }

        if (!IsTruthy(activity["name"]))
        {
            return problems.Upstream("an activity must have a name", DocumentPath.Child(path, "name"));
        }

        var providerPath = DocumentPath.Child(path, "provider");
        var providerNode = activity["provider"];
        if (!IsTruthy(providerNode))
        {
            return problems.Upstream("an activity requires a provider", providerPath);
        }

        if (providerNode is not JsonObject provider)
        {
            return problems.Ours($"an activity provider must be a mapping, not a {ExperimentLoader.Describe(providerNode)}", providerPath);
        }

        var providerType = provider["type"];
        if (!IsTruthy(providerType))
        {
            return problems.Upstream("a provider must have a type", DocumentPath.Child(providerPath, "type"));
        }

        if (ExperimentRegistry.ProviderType(provider) is not { } known)
        {
            return problems.Upstream($"unknown provider type '{ValueExcerpt.Of(providerType)}'", DocumentPath.Child(providerPath, "type"));
        }

        var timeout = activity["timeout"];
        if (timeout is not null && !IsNumber(timeout))
        {
            return problems.Upstream("activity timeout must be a number", DocumentPath.Child(path, "timeout"));
        }

        return ValidatePauses(activity, path, problems)
            && (!activity.ContainsKey("background") || IsBool(activity["background"])
                || problems.Upstream("activity background must be a boolean", DocumentPath.Child(path, "background")))
            && known.Validate(activity, provider, providerPath, options, problems);
    }

    private static bool ValidatePauses(JsonObject activity, string path, ProblemList problems)
    {
        var pausesPath = DocumentPath.Child(path, "pauses");
        var pausesNode = activity["pauses"];
        if (pausesNode is null)
        {
            return true;
        }

        if (pausesNode is not JsonObject pauses)
        {
            return problems.Ours($"activity pauses must be a mapping with `before` and/or `after`, not a {ExperimentLoader.Describe(pausesNode)}", pausesPath);
        }

        foreach (var moment in new[] { "before", "after" })
        {
            var pause = pauses[moment];
            var text = AsString(pause);
            if (text is not null && !(text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}')))
            {
                return problems.Upstream($"activity {moment} pause must be a number or a pattern to a variable from the configuration or secrets", DocumentPath.Child(pausesPath, moment));
            }

            if (pause is not null && text is null && !IsNumber(pause))
            {
                return problems.Ours($"activity {moment} pause must be a number or a pattern to a variable from the configuration or secrets, not a {ExperimentLoader.Describe(pause)}", DocumentPath.Child(pausesPath, moment));
            }
        }

        return true;
    }
}
