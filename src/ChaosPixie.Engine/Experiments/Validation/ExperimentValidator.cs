using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Settings;
using static ChaosPixie.Engine.Experiments.Python.PythonValue;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// `chaos validate`: upstream's checks in upstream's order with upstream's messages, plus ChaosPixie's stricter
/// checks where `chaos run` would crash or silently misbehave. Unlike upstream it does not stop at the first
/// problem: each activity, control or setting reports its own first problem. The list holds upstream's errors
/// first (so the first problem is the one `chaos validate` prints), then ChaosPixie's errors, then warnings.
/// </summary>
public static class ExperimentValidator
{
    private static readonly HashSet<string> HypothesisStrategies = new(StringComparer.Ordinal)
    {
        "default", "before-method-only", "after-method-only", "during-method-only", "continuously", "skip",
    };

    private static readonly HashSet<string> RollbackStrategies = new(StringComparer.Ordinal) { "default", "always", "never", "deviated" };

    public static IReadOnlyList<ValidationProblem> Validate(JsonObject experiment, ExperimentValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ProblemList();
        var root = DocumentPath.Root;
        if (experiment.Count == 0)
        {
            problems.Upstream("an empty experiment is not an experiment", root);
            return problems.Items;
        }

        if (!IsTruthy(experiment["title"]))
        {
            problems.Upstream("experiment requires a title", DocumentPath.Child(root, "title"));
        }

        if (!IsTruthy(experiment["description"]))
        {
            problems.Upstream("experiment requires a description", DocumentPath.Child(root, "description"));
        }

        ValidateTags(experiment["tags"], problems);
        ValidateExtensions(experiment["extensions"], problems);
        ValidateSettings(experiment, problems);
        ValidateHypothesis(experiment, options, problems);
        ValidateMethod(experiment, options, problems);
        ValidateRollbacks(experiment, options, problems);
        BaselineValidator.Validate(experiment, options, problems);
        WarnAboutDeprecations(experiment, problems);
        ControlValidator.Validate(experiment, options, problems);
        ValidateRuntime(experiment["runtime"], problems);
        return Order(problems.Items);
    }

    /// <summary>Every activity of the experiment with its path: hypothesis probes, method, rollbacks (upstream's get_all_activities).</summary>
    internal static IEnumerable<(JsonNode? Activity, string Path)> AllActivities(JsonObject experiment)
    {
        var root = DocumentPath.Root;
        var hypothesisPath = DocumentPath.Child(root, "steady-state-hypothesis");
        var probes = (experiment["steady-state-hypothesis"] as JsonObject)?["probes"];
        return Items(probes, DocumentPath.Child(hypothesisPath, "probes"))
            .Concat(Items(experiment["method"], DocumentPath.Child(root, "method")))
            .Concat(Items(experiment["rollbacks"], DocumentPath.Child(root, "rollbacks")));
    }

    private static IEnumerable<(JsonNode? Activity, string Path)> Items(JsonNode? node, string path) =>
        node is JsonArray array ? array.Select((a, i) => (a, DocumentPath.Index(path, i))) : [];

    private static IReadOnlyList<ValidationProblem> Order(List<ValidationProblem> problems) =>
        problems
            .Where(p => p.Severity == ValidationSeverity.Error && p.IsUpstream)
            .Concat(problems.Where(p => p.Severity == ValidationSeverity.Error && !p.IsUpstream))
            .Concat(problems.Where(p => p.Severity == ValidationSeverity.Warning))
            .ToList();

    // Quirk kept: a truthy string passes (Python iterates it char by char); a list needs non-empty strings.
    private static void ValidateTags(JsonNode? tags, ProblemList problems)
    {
        var path = DocumentPath.Child(DocumentPath.Root, "tags");
        if (!IsTruthy(tags) || IsString(tags))
        {
            return;
        }

        if (tags is not JsonArray list)
        {
            problems.Ours($"experiment tags must be a list of non-empty strings, not a {ExperimentLoader.Describe(tags)}", path);
            return;
        }

        var bad = list.ToList().FindIndex(t => !IsString(t) || AsString(t)!.Length == 0);
        if (bad >= 0)
        {
            problems.Upstream("experiment tags must be a non-empty string", DocumentPath.Index(path, bad));
        }
    }

    private static void ValidateExtensions(JsonNode? extensions, ProblemList problems)
    {
        var path = DocumentPath.Child(DocumentPath.Root, "extensions");
        if (!IsTruthy(extensions))
        {
            return;
        }

        if (extensions is not JsonArray list)
        {
            problems.Ours($"experiment extensions must be a list of mappings, not a {ExperimentLoader.Describe(extensions)}", path);
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var itemPath = DocumentPath.Index(path, i);
            if (list[i] is not JsonObject extension)
            {
                problems.Ours($"an extension must be a mapping with a `name`, not a {ExperimentLoader.Describe(list[i])}", itemPath);
                continue;
            }

            var name = extension["name"];
            if (name is not null && !IsString(name))
            {
                problems.Ours($"an extension name must be a string, not a {ExperimentLoader.Describe(name)}", DocumentPath.Child(itemPath, "name"));
            }
            else if (string.IsNullOrWhiteSpace(AsString(name)))
            {
                problems.Upstream("All extensions require a non-empty name", DocumentPath.Child(itemPath, "name"));
            }
        }
    }

    // Upstream loads the configuration and the secrets during validation, without --var/--var-file.
    private static void ValidateSettings(JsonObject experiment, ProblemList problems)
    {
        var errors = new List<ExperimentException>();
        SettingsLoader.Resolve(experiment, VariableOverrides.None, errors);
        foreach (var error in errors)
        {
            var path = error.JsonPath ?? DocumentPath.Root;
            _ = error.IsUpstream ? problems.Upstream(error.Message, path) : problems.Ours(error.Message, path);
        }
    }

    private static void ValidateHypothesis(JsonObject experiment, ExperimentValidationOptions options, ProblemList problems)
    {
        var path = DocumentPath.Child(DocumentPath.Root, "steady-state-hypothesis");
        var node = experiment["steady-state-hypothesis"];
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject hypothesis)
        {
            problems.Ours($"the steady-state-hypothesis must be a mapping with a `title` and `probes`, not a {ExperimentLoader.Describe(node)}", path);
            return;
        }

        if (!IsTruthy(hypothesis["title"]))
        {
            problems.Upstream("hypothesis requires a title", DocumentPath.Child(path, "title"));
        }

        var probes = hypothesis["probes"];
        var probesPath = DocumentPath.Child(path, "probes");
        if (!IsTruthy(probes))
        {
            return;
        }

        if (probes is not JsonArray list)
        {
            problems.Ours($"hypothesis probes must be a list of probes, not a {ExperimentLoader.Describe(probes)}", probesPath);
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var probePath = DocumentPath.Index(probesPath, i);
            if (!ActivityValidator.Validate(list[i], probePath, options, problems))
            {
                continue;
            }

            var probe = (JsonObject)list[i]!;
            if (!probe.TryGetPropertyValue("tolerance", out var tolerance))
            {
                problems.Upstream("hypothesis probe must have a tolerance entry", probePath);
                continue;
            }

            ToleranceValidator.Validate(probe, tolerance, DocumentPath.Child(probePath, "tolerance"), options, problems);
        }
    }

    private static void ValidateMethod(JsonObject experiment, ExperimentValidationOptions options, ProblemList problems)
    {
        var path = DocumentPath.Child(DocumentPath.Root, "method");
        var method = experiment["method"];
        if (method is null)
        {
            problems.Upstream("an experiment requires a method, which can be empty for only checking steady state hypothesis ", path);
            return;
        }

        if (method is not JsonArray list)
        {
            problems.Ours($"the method must be a list of activities, not a {ExperimentLoader.Describe(method)}", path);
            return;
        }

        // Refs resolve by name among the method activities and the hypothesis probes.
        var names = AllActivities(experiment)
            .Where(a => !a.Path.StartsWith(DocumentPath.Child(DocumentPath.Root, "rollbacks"), StringComparison.Ordinal))
            .Select(a => (a.Activity as JsonObject)?["name"])
            .Where(IsString)
            .Select(n => AsString(n)!)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var activityPath = DocumentPath.Index(path, i);
            if (!ActivityValidator.Validate(list[i], activityPath, options, problems))
            {
                continue;
            }

            var reference = AsString((list[i] as JsonObject)?["ref"]);
            if (!string.IsNullOrEmpty(reference) && !names.Contains(reference))
            {
                problems.Upstream($"referenced activity '{ValueExcerpt.Of(reference)}' could not be found in the experiment", DocumentPath.Child(activityPath, "ref"));
            }
        }
    }

    private static void ValidateRollbacks(JsonObject experiment, ExperimentValidationOptions options, ProblemList problems)
    {
        var path = DocumentPath.Child(DocumentPath.Root, "rollbacks");
        if (!experiment.TryGetPropertyValue("rollbacks", out var rollbacks))
        {
            return;
        }

        if (rollbacks is not JsonArray list)
        {
            problems.Ours($"rollbacks must be a list of activities, not a {ExperimentLoader.Describe(rollbacks)}", path);
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            ActivityValidator.Validate(list[i], DocumentPath.Index(path, i), options, problems);
        }
    }

    private static void WarnAboutDeprecations(JsonObject experiment, ProblemList problems)
    {
        var first = AllActivities(experiment)
            .Select(a => (a.Path, Warning: a.Activity is JsonObject activity && activity["provider"] is JsonObject provider
                ? ExperimentRegistry.ProviderType(provider)?.Deprecation(provider)
                : null))
            .FirstOrDefault(a => a.Warning is not null);
        if (first.Warning is not null)
        {
            problems.UpstreamWarning(first.Warning, DocumentPath.Child(DocumentPath.Child(first.Path, "provider"), "arguments"));
        }
    }

    // `runtime` is read by the CLI, not validated upstream: an unknown hypothesis strategy crashes the run, an
    // unknown rollback strategy silently plays no rollback.
    private static void ValidateRuntime(JsonNode? runtime, ProblemList problems)
    {
        var path = DocumentPath.Child(DocumentPath.Root, "runtime");
        if (runtime is null)
        {
            return;
        }

        if (runtime is not JsonObject settings)
        {
            problems.Ours($"runtime must be a mapping with `hypothesis` and/or `rollbacks`, not a {ExperimentLoader.Describe(runtime)}", path);
            return;
        }

        var hypothesisPath = DocumentPath.Child(DocumentPath.Child(path, "hypothesis"), "strategy");
        var hypothesis = (settings["hypothesis"] as JsonObject)?["strategy"];
        if (hypothesis is not null)
        {
            var strategy = PythonText.Str(hypothesis);
            if (strategy == "continously")
            {
                problems.OurWarning("The 'continously' hypothesis strategy is a misspelling kept for compatibility: write 'continuously'.", hypothesisPath);
            }
            else if (!HypothesisStrategies.Contains(strategy))
            {
                problems.Ours(
                    $"unknown hypothesis strategy '{ValueExcerpt.Of(strategy)}': use default, before-method-only, after-method-only, during-method-only, continuously or skip (chaos run fails with `ValueError: Unknown strategy`)",
                    hypothesisPath);
            }
        }

        var rollbacks = (settings["rollbacks"] as JsonObject)?["strategy"];
        if (rollbacks is not null && !RollbackStrategies.Contains(PythonText.Str(rollbacks)))
        {
            problems.OurWarning(
                $"unknown rollback strategy '{ValueExcerpt.Of(rollbacks)}': no rollback will be played, as with chaos run. Use default, always, never or deviated.",
                DocumentPath.Child(DocumentPath.Child(path, "rollbacks"), "strategy"));
        }
    }
}
