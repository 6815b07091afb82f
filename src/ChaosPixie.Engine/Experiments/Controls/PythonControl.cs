using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Running;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// A python control run through the Python bridge, with chaoslib's arguments: each hook gets the control's
/// <c>provider.arguments</c> plus, when the function has a parameter of that name, the secrets (all scopes), the
/// configuration, the state, the experiment, its extensions and the settings. Upstream hands the runner's own objects,
/// so what a hook changes in them the bridge sends back, and it goes into the run's objects (<see cref="Apply"/>).
/// Without Python every hook is skipped, as upstream skips a control whose module is not installed.
/// </summary>
internal sealed class PythonControl : IControl
{
    private readonly ControlRuntime _runtime;
    private string? _module;

    public PythonControl(ControlRuntime runtime) => _runtime = runtime;

    // configure_control gets the arguments as written (upstream does not substitute them here), and no context.
    public void Configure(JsonObject declaration, bool global)
    {
        _module = Module(declaration);
        Call(declaration, "configure_control", (declaration["provider"]?["arguments"] as JsonObject)?.DeepClone(), new JsonObject
        {
            ["experiment"] = _runtime.Experiment.DeepClone(),
            ["secrets"] = _runtime.Settings.Secrets.DeepClone(),
            ["configuration"] = _runtime.Settings.Configuration.DeepClone(),
            ["settings"] = global ? _runtime.LoadedSettings?.DeepClone() : null,
            ["event_registry"] = null,
        }, context: null, state: null, hasContext: false);
    }

    // At the loader level upstream has no experiment, configuration or secrets yet: those parameters get None.
    public void Run(ControlHook hook, JsonObject declaration, JsonNode? context, JsonNode? state)
    {
        var loading = hook.Level == ControlLevel.Loader;
        Call(declaration, hook.FunctionName, _runtime.Substitute(declaration["provider"]?["arguments"] as JsonObject), new JsonObject
        {
            ["secrets"] = loading ? null : _runtime.Settings.Secrets.DeepClone(),
            ["configuration"] = loading ? null : _runtime.Settings.Configuration.DeepClone(),
            ["state"] = state?.DeepClone(),
            ["experiment"] = loading ? null : _runtime.Experiment.DeepClone(),
            ["extensions"] = loading ? null : _runtime.Experiment["extensions"]?.DeepClone(),
            ["settings"] = _runtime.LoadedSettings?.DeepClone(),
        }, context, state, hasContext: true);
    }

    public void Cleanup()
    {
        if (_module is not null && _runtime.Python is { } python)
        {
            Answer(python.Control(new JsonObject { ["module"] = _module, ["hook"] = "cleanup_control" }, _runtime.HookToken), null, null);
        }
    }

    private static string? Module(JsonObject declaration) => PythonValue.AsString(declaration["provider"]?["module"]);

    private void Call(JsonObject declaration, string hook, JsonNode? arguments, JsonObject inject, JsonNode? context, JsonNode? state, bool hasContext)
    {
        if (_runtime.Python is not { } python || Module(declaration) is not { } module)
        {
            return;
        }

        var request = new JsonObject { ["module"] = module, ["hook"] = hook, ["arguments"] = arguments, ["inject"] = inject };
        if (hasContext)
        {
            request["context"] = context?.DeepClone();
        }

        Answer(python.Control(request, _runtime.HookToken), context, state);
    }

    // What the hook changed applies first: upstream's hook changes the live objects even when it then raises.
    private void Answer(JsonObject answer, JsonNode? context, JsonNode? state)
    {
        Apply(answer["changed"] as JsonObject, context, state);
        foreach (var name in answer["unserializable"] as JsonArray ?? [])
        {
            _runtime.Log(ExperimentLogLevel.Warning, $"A control put a value JSON cannot hold into its '{PythonValue.AsString(name)}': that change is not applied");
        }

        if (PythonValue.AsString(answer["interrupt"]) is { } interrupt)
        {
            throw new ControlInterruptException(interrupt);
        }

        if (PythonValue.AsString(answer["error"]) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        if (PythonValue.AsString(answer["skipped"]) is { } skipped)
        {
            _runtime.Log(ExperimentLogLevel.Verbose, $"Control hook skipped: {skipped}");
        }
    }

    // The bridge sends back each object the hook was handed and changed; each goes into the run's own object.
    private void Apply(JsonObject? changed, JsonNode? context, JsonNode? state)
    {
        foreach (var (name, value) in changed ?? [])
        {
            switch (name)
            {
                case "configuration":
                    LiveDocument.Update(_runtime.Settings.Configuration, value);
                    break;
                case "secrets":
                    LiveDocument.Update(_runtime.Settings.Secrets, value);
                    _runtime.SecretsChanged();
                    break;
                case "experiment":
                    _runtime.UpdateExperiment(value);
                    break;
                case "context" when ReferenceEquals(context, _runtime.Experiment):
                    _runtime.UpdateExperiment(value);
                    break;
                case "context":
                    LiveDocument.Update(context, value);
                    break;
                case "state":
                    LiveDocument.Update(state, value);
                    break;
            }
        }
    }
}
