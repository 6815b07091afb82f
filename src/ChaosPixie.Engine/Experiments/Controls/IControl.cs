using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// One control of a run, created once per control name (<see cref="IControlKind.Create"/>): the hooks
/// chaostoolkit-lib calls. A hook throws <see cref="ControlInterruptException"/> to interrupt the run (upstream's
/// InterruptExecution); any other exception is logged and swallowed by the caller, as upstream does.
/// </summary>
internal interface IControl
{
    /// <summary><c>configure_control</c>, once per run, with the declaration that named the control first.</summary>
    void Configure(JsonObject declaration, bool global);

    /// <summary>A lifecycle hook, with the declaration whose arguments apply, the hook's context and (after hooks) its state.</summary>
    void Run(ControlHook hook, JsonObject declaration, JsonNode? context, JsonNode? state);

    /// <summary><c>cleanup_control</c>, once at the end of the run.</summary>
    void Cleanup();
}
