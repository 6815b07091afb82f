using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Controls;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>What the runner does for its controls: the loader hooks, the end of the run, interruptions, and running a safeguard's probes.</summary>
public sealed partial class ExperimentRunner
{
    private const string SafeguardKey = "safeguard";

    private ControlRuntime ControlRuntimeFor(CancellationToken runToken, CancellationToken abandonToken) => new()
    {
        Experiment = _experiment,
        JournalExperiment = () => _journal?.Root["experiment"] as JsonObject,
        Settings = _settings,
        LoadedSettings = _options.LoadedSettings,
        Python = _options.Python,
        Log = Log,
        CheckProbe = CheckSafeguardProbe,
        Interrupt = InterruptForSafeguard,
        RunToken = runToken,
        AbandonToken = abandonToken,
        SecretsChanged = () => _redactor.Add(_settings.SecretValues),
    };

    private void InterruptedByControl(ControlInterruptException e)
    {
        Log(ExperimentLogLevel.Error, $"A control interrupted the experiment: {e.Message}");
        SetStatus(Interrupted);
    }

    // after_experiment_control gets the finished journal (an interruption from it changes nothing, as upstream's), then cleanup.
    private void EndControls()
    {
        lock (_gate)
        {
            _over = true;
        }

        try
        {
            _controls.Apply(new ControlHook(ControlLevel.Experiment, Before: false), null, _experiment, _journal.Root);
        }
        catch (ControlInterruptException e)
        {
            Log(ExperimentLogLevel.Verbose, $"A control raised an interruption after the experiment, which changes nothing: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            Log(ExperimentLogLevel.Warning, "A second signal cut after_experiment_control short");
        }

        _controls.Cleanup();
    }

    /// <summary>
    /// The first safeguard that fires interrupts the run, as a signal does (rollbacks by the strategy). The journal
    /// names it under <c>safeguard</c>, which upstream's does not (it only logs it); later firings change nothing.
    /// </summary>
    private void InterruptForSafeguard(string control, string probe, string reason)
    {
        lock (_gate)
        {
            if (_over || _journal.Root.ContainsKey(SafeguardKey))
            {
                return;
            }

            _journal.Root[SafeguardKey] = new JsonObject { ["control"] = control, ["probe"] = probe, ["reason"] = _redactor.Redact(reason) };
        }

        Log(ExperimentLogLevel.Error, $"Safeguard '{probe}' (control '{control}') triggered the end of the experiment: {reason}");
        _interrupt();
    }

    // A safeguard probe runs as an activity (activity controls, pauses, provider), never dry and outside the journal.
    private string? CheckSafeguardProbe(JsonObject probe, CancellationToken cancellationToken)
    {
        var activity = Resolve(probe)
            ?? throw new InvalidOperationException($"referenced activity '{PythonValue.AsString(probe["ref"])}' could not be found in the experiment");
        var record = RunActivity(activity, [], cancellationToken, safeguard: true);
        if (record.Failed)
        {
            return "the probe failed";
        }

        // Judged as during the method, so a before/after tolerance compares with its probe's values before it.
        var outcome = Tolerance(activity, record.Output, "during");
        var measured = PythonValue.AsString(outcome.Result?["explanation"]) is { } explanation ? $" ({explanation})" : string.Empty;
        return outcome.Met ? null : $"its tolerance was not met{measured}";
    }
}
