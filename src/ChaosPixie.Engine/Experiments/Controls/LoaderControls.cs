using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers.Bridge;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.Engine.Experiments.Settings;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// chaoslib's loader level, which <c>chaos run</c> plays before it validates: the global controls'
/// <c>before_loading_experiment_control</c> with the source as given, the experiment read, then
/// <c>after_loading_experiment_control</c> with the parsed experiment as its state, also when reading fails or the
/// before hook interrupts (then with no state), as upstream's context manager does. What a hook changes in the experiment is what gets validated and run.
/// </summary>
public static class LoaderControls
{
    /// <summary>
    /// Reads the experiment inside the loader hooks. Throws <see cref="ExperimentException"/> when reading fails or a
    /// hook interrupts (upstream crashes there; here nothing runs), <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> cuts a hook short.
    /// </summary>
    public static ExperimentDocument Load(string source, Func<ExperimentDocument> read, IReadOnlyList<JsonObject> globals, JsonObject? settings, PythonBridge? python, Action<ExperimentLogLevel, string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(globals);
        if (globals.Count == 0)
        {
            return read();
        }

        // Upstream's loader hooks get no experiment, configuration or secrets: none is loaded yet.
        var runtime = new ControlRuntime
        {
            Experiment = [],
            JournalExperiment = () => null,
            Settings = ExperimentSettings.Empty,
            LoadedSettings = settings,
            Python = python,
            Log = log,
            CheckProbe = (_, _) => null,
            Interrupt = (_, _, _) => { },
            RunToken = cancellationToken,
        };
        var controls = new RunControls(runtime, globals, enabled: true);
        ExperimentDocument? document = null;
        try
        {
            try
            {
                controls.Apply(new ControlHook(ControlLevel.Loader, Before: true), null, source);
                document = read();
            }
            finally
            {
                // Ctrl+C ends the loading there: no run follows, so no after hook either.
                if (!cancellationToken.IsCancellationRequested)
                {
                    controls.Apply(new ControlHook(ControlLevel.Loader, Before: false), null, source, document?.Root);
                }
            }
        }
        catch (ControlInterruptException e)
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidExperiment, $"A control interrupted the loading of the experiment: {e.Message}", "$.controls", e);
        }

        return document;
    }
}
