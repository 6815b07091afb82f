using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Providers.Bridge;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.Engine.Experiments.Settings;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>What the controls of a run may use of it: the live experiment and settings, the bridge, the log, and the runner's services a safeguard needs.</summary>
internal sealed class ControlRuntime
{
    /// <summary>The experiment as the runner walks it: a control that changes its lists (repeat) changes the run.</summary>
    public required JsonObject Experiment { get; init; }

    /// <summary>The journal's copy of the experiment once the run has started: upstream's journal shows what controls insert into the experiment's lists.</summary>
    public required Func<JsonObject?> JournalExperiment { get; init; }

    public required ExperimentSettings Settings { get; init; }

    /// <summary>The settings file's content (upstream's <c>settings</c> argument); null when there is none.</summary>
    public JsonObject? LoadedSettings { get; init; }

    public PythonBridge? Python { get; init; }

    public required Action<ExperimentLogLevel, string> Log { get; init; }

    /// <summary>
    /// Runs a probe as the runner runs an activity (ref resolved, activity controls, pauses, provider) without
    /// recording it, and judges its tolerance: null when met, else why not.
    /// </summary>
    public required Func<JsonObject, CancellationToken, string?> CheckProbe { get; init; }

    /// <summary>Interrupts the run for a safeguard (control name, probe name, why); only the first call acts.</summary>
    public required Action<string, string, string> Interrupt { get; init; }

    /// <summary>Cancelled once the run is interrupted, whatever by.</summary>
    public required CancellationToken RunToken { get; init; }

    /// <summary>A control's arguments as upstream hands them to a lifecycle hook: substituted when the experiment has configuration or secrets.</summary>
    public JsonNode? Substitute(JsonNode? arguments) => Settings.IsEmpty ? arguments?.DeepClone() : Substitution.Apply(arguments, Settings);
}
