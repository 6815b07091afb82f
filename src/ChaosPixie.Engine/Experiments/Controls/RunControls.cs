using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Running;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// The controls of one run and chaoslib's rules for calling them: <c>configure_control</c> once per name (global
/// controls first, one that fails is dropped), which declarations each hook reaches (<see cref="For"/>), the
/// <c>scope</c> filter, errors logged and swallowed except an interruption, and <c>cleanup_control</c> at the end.
/// </summary>
internal sealed class RunControls
{
    private readonly ControlRuntime _runtime;
    private readonly List<JsonObject> _globals;
    private readonly JsonArray _topLevel;
    private readonly bool _enabled;
    private readonly Dictionary<string, IControl> _globalControls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IControl> _experimentControls = new(StringComparer.Ordinal);

    /// <param name="enabled">False calls no hook at all (a steady-state check runs no controls).</param>
    public RunControls(ControlRuntime runtime, IReadOnlyList<JsonObject> globals, bool enabled)
    {
        _runtime = runtime;
        _enabled = enabled;
        _topLevel = runtime.Experiment["controls"] as JsonArray ?? [];
        _globals = [.. globals.Where(d => Kind(d) is not null)];

        // Global controls exist before configure_control: the loader hooks reach them first.
        foreach (var declaration in _globals)
        {
            _globalControls.TryAdd(Name(declaration), Kind(declaration)!.Create(runtime));
        }
    }

    /// <summary>upstream's get_controls order: top-level, the hypothesis', then each hypothesis probe's, method activity's and rollback's.</summary>
    private static IEnumerable<JsonObject> ExperimentDeclarations(JsonObject experiment)
    {
        var hypothesis = experiment["steady-state-hypothesis"] as JsonObject;
        IEnumerable<JsonNode?> owners =
        [
            experiment, hypothesis,
            .. hypothesis?["probes"] as JsonArray ?? [], .. experiment["method"] as JsonArray ?? [], .. experiment["rollbacks"] as JsonArray ?? [],
        ];
        return owners.OfType<JsonObject>().SelectMany(o => (o["controls"] as JsonArray ?? []).OfType<JsonObject>());
    }

    /// <summary>configure_control: each global control (one that fails is dropped), then each experiment control name once.</summary>
    public void Configure()
    {
        if (!_enabled)
        {
            return;
        }

        foreach (var name in _globals.Select(Name).Distinct().ToList())
        {
            var declaration = _globals.First(d => Name(d) == name);
            var control = _globalControls[name];
            if (!Safely("configure_control", name, () => control.Configure(declaration, global: true)))
            {
                _globalControls.Remove(name);
                _globals.RemoveAll(d => Name(d) == name);
            }
        }

        foreach (var declaration in ExperimentDeclarations(_runtime.Experiment).Where(d => !d.ContainsKey("ref")))
        {
            var name = Name(declaration);
            if (Kind(declaration) is not { } kind || _experimentControls.ContainsKey(name))
            {
                continue;
            }

            // A failure here is logged and the control stays, as upstream keeps it.
            var control = kind.Create(_runtime);
            _experimentControls[name] = control;
            Safely("configure_control", name, () => control.Configure(declaration, global: false));
        }
    }

    /// <summary>Calls one hook on every declaration it reaches. A <see cref="ControlInterruptException"/> stops the list and propagates.</summary>
    public void Apply(ControlHook hook, JsonArray? own, JsonNode? context, JsonNode? state = null)
    {
        if (!_enabled)
        {
            return;
        }

        foreach (var declaration in For(hook.Level, own))
        {
            var scope = declaration["scope"];
            if (PythonValue.IsTruthy(scope) && PythonValue.AsString(scope) != hook.Scope)
            {
                continue;
            }

            if (Control(declaration) is { } control)
            {
                Safely(hook.FunctionName, Name(declaration), () => control.Run(hook, declaration, context, state));
            }
        }
    }

    /// <summary>before hook, the body, then the after hook even when the before hook or the body throws (upstream's controls context manager).</summary>
    public void Around(ControlLevel level, JsonArray? own, JsonNode? context, Func<JsonNode?> state, Action body)
    {
        try
        {
            Apply(new ControlHook(level, Before: true), own, context);
            body();
        }
        finally
        {
            Apply(new ControlHook(level, Before: false), own, context, state());
        }
    }

    /// <summary>
    /// cleanup_control of each experiment control, then of each global one. Upstream crashes without a journal when an
    /// experiment control's cleanup raises; here it is a warning and the journal is kept.
    /// </summary>
    public void Cleanup()
    {
        foreach (var (name, control) in _experimentControls.Concat(_globalControls))
        {
            try
            {
                control.Cleanup();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _runtime.Log(ExperimentLogLevel.Warning, $"The cleanup_control of control '{name}' raised (the journal is kept): {e.Message}");
            }
        }
    }

    /// <summary>
    /// Which declarations a hook reaches, computed as upstream's get_context_controls does, quirks included: global
    /// controls are dropped at the method and rollback levels once the experiment has top-level controls, and with
    /// several own controls the top-level ones are repeated.
    /// </summary>
    private List<JsonObject> For(ControlLevel level, JsonArray? own)
    {
        if (level == ControlLevel.Loader)
        {
            return [.. _globals];
        }

        var topLevel = _topLevel.OfType<JsonObject>().ToList();
        var automatic = topLevel.Where(c => c["automatic"] is not JsonValue v || !v.TryGetValue(out bool on) || on).ToList();
        var context = level is ControlLevel.Experiment or ControlLevel.Method or ControlLevel.Rollback ? topLevel : (own ?? []).OfType<JsonObject>().ToList();
        List<JsonObject> list = [.. _globals, .. context];
        if (topLevel.Count == 0)
        {
            return list;
        }

        if (list.Count == 0 || level is ControlLevel.Method or ControlLevel.Rollback)
        {
            return automatic;
        }

        if (level == ControlLevel.Experiment)
        {
            return list;
        }

        foreach (var element in list.ToList())
        {
            if (element.ContainsKey("ref"))
            {
                if (topLevel.FirstOrDefault(t => PythonValue.AsString(t["name"]) == PythonValue.AsString(element["ref"])) is { } referenced)
                {
                    list.Add(referenced);
                }

                continue;
            }

            list.InsertRange(0, automatic.Where(t => PythonValue.AsString(t["name"]) != PythonValue.AsString(element["name"])));
        }

        return list;
    }

    private IControl? Control(JsonObject declaration)
    {
        var name = Name(declaration);
        var controls = _globals.Contains(declaration) ? _globalControls : _experimentControls;
        if (controls.TryGetValue(name, out var control))
        {
            return control;
        }

        // A declaration configure_control never saw (a ref, a dropped global control): upstream calls its hooks all the same.
        return _globals.Contains(declaration) ? null : Kind(declaration)?.Create(_runtime);
    }

    private static IControlKind? Kind(JsonObject declaration) => ExperimentRegistry.ControlKind(declaration["provider"]);

    private static string Name(JsonObject declaration) => PythonText.Str(declaration["name"]);

    private bool Safely(string hook, string name, Action call)
    {
        try
        {
            call();
            return true;
        }
        catch (ControlInterruptException)
        {
            throw;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            _runtime.Log(ExperimentLogLevel.Verbose, $"Control '{name}' raised in {hook}: {e.Message}");
            return false;
        }
    }
}
