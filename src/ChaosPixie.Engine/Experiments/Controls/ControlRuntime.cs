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

    /// <summary>Cancelled by a second signal after an interruption: it cuts what still runs then (after hooks, cleanup), as it cuts rollbacks.</summary>
    public CancellationToken AbandonToken { get; init; }

    /// <summary>Called when a control changed the secrets, so that their new values are redacted too.</summary>
    public Action SecretsChanged { get; init; } = () => { };

    /// <summary>
    /// What cuts a Python hook short: the interruption, as upstream's signal reaches a hook running on the main thread;
    /// once the run is interrupted, the hooks that still run are cut only by a second signal.
    /// </summary>
    public CancellationToken HookToken => RunToken.IsCancellationRequested ? AbandonToken : RunToken;

    /// <summary>
    /// Brings the experiment to what a control changed it to, in place. The journal's copy follows inside the
    /// experiment's mappings and lists, not at its top level: upstream's journal holds a shallow copy of the experiment.
    /// </summary>
    public void UpdateExperiment(JsonNode? changed)
    {
        LiveDocument.Update(Experiment, changed);
        if (JournalExperiment() is not { } journal)
        {
            return;
        }

        foreach (var (key, value) in Experiment)
        {
            if (journal[key] is { } copy && ((copy is JsonObject && value is JsonObject) || (copy is JsonArray && value is JsonArray)))
            {
                LiveDocument.Update(copy, value);
            }
        }
    }

    /// <summary>A control's arguments as upstream hands them to a lifecycle hook: substituted when the experiment has configuration or secrets.</summary>
    public JsonNode? Substitute(JsonNode? arguments) => Settings.IsEmpty ? arguments?.DeepClone() : Substitution.Apply(arguments, Settings);
}
