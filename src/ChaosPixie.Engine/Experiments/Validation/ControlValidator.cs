using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;
using static ChaosPixie.Engine.Experiments.Python.PythonValue;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// Upstream's `validate_controls` over the experiment's, the hypothesis' and every activity's controls, with its
/// messages and quirks (the `{}` left unfilled; a `ref` control without a `name` fails), then each python control's
/// own checks by its kind (<see cref="ExperimentRegistry.ControlKinds"/>): the safeguards' probes natively, any other
/// module imported through the Python bridge with its <c>validate_control</c> called.
/// </summary>
internal static class ControlValidator
{
    public static void Validate(JsonObject experiment, ExperimentValidationOptions options, ProblemList problems)
    {
        var controls = Controls(experiment).ToList();
        var declared = controls
            .Select(c => c.Control)
            .OfType<JsonObject>()
            .Where(c => !c.ContainsKey("ref") && c.ContainsKey("name"))
            .Select(c => PythonText.Str(c["name"]))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (node, path) in controls)
        {
            if (node is not JsonObject control)
            {
                problems.Ours($"a control must be a mapping, not a {ExperimentLoader.Describe(node)}", path);
                continue;
            }

            ValidateOne(control, path, declared, options, problems);
        }
    }

    private static bool ValidateOne(JsonObject control, string path, HashSet<string> declared, ExperimentValidationOptions options, ProblemList problems)
    {
        if (control.TryGetPropertyValue("ref", out var reference) && !declared.Contains(PythonText.Str(reference)))
        {
            return problems.Upstream("Control reference '{}' declaration cannot be found", DocumentPath.Child(path, "ref"));
        }

        if (!control.ContainsKey("name"))
        {
            return problems.Upstream("A control must have a `name` property", path);
        }

        var name = PythonText.Str(control["name"]);
        if (!control.ContainsKey("provider"))
        {
            return problems.Upstream($"Control '{ValueExcerpt.Of(name)}' must have a `provider` property", path);
        }

        var scope = control["scope"];
        if (IsTruthy(scope) && AsString(scope) is not ("before" or "after"))
        {
            return problems.Upstream($"Control '{ValueExcerpt.Of(name)}' scope property must be 'before' or 'after' only", DocumentPath.Child(path, "scope"));
        }

        var provider = control["provider"] as JsonObject;
        if (ExperimentRegistry.ProviderType(provider) is not Providers.PythonProvider)
        {
            return true;
        }

        var module = provider!["module"];
        if (!IsTruthy(module))
        {
            return problems.Upstream($"Control '{ValueExcerpt.Of(name)}' must have a module path", DocumentPath.Child(DocumentPath.Child(path, "provider"), "module"));
        }

        return ExperimentRegistry.ControlKind(provider)?.Validate(control, name, path, options, problems) ?? true;
    }

    // get_controls: the experiment's, the hypothesis', then each hypothesis probe's, method activity's and rollback's.
    private static IEnumerable<(JsonNode? Control, string Path)> Controls(JsonObject experiment)
    {
        var root = DocumentPath.Root;
        foreach (var item in List(experiment["controls"], DocumentPath.Child(root, "controls")))
        {
            yield return item;
        }

        var hypothesisPath = DocumentPath.Child(root, "steady-state-hypothesis");
        if (experiment["steady-state-hypothesis"] is JsonObject hypothesis)
        {
            foreach (var item in List(hypothesis["controls"], DocumentPath.Child(hypothesisPath, "controls")))
            {
                yield return item;
            }
        }

        foreach (var (activity, path) in ExperimentValidator.AllActivities(experiment))
        {
            if (activity is JsonObject obj)
            {
                foreach (var item in List(obj["controls"], DocumentPath.Child(path, "controls")))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<(JsonNode? Control, string Path)> List(JsonNode? node, string path) =>
        node is JsonArray array ? array.Select((c, i) => (c, DocumentPath.Index(path, i))) : [];
}
