using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Controls;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Experiments.Tolerances;


namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>
/// Plays one experiment as <c>chaos run</c> does: hypothesis before, method (with background activities and
/// a continuous hypothesis), hypothesis after, rollbacks by strategy, then the journal, written even when the run is
/// interrupted. Cancelling the token is Ctrl+C or a signal: the run becomes <c>interrupted</c> and rollbacks follow the
/// strategy; cancelling the second token (a second signal) then cuts those rollbacks short, and the journal is still written.
/// Controls (<see cref="RunControls"/>) are called around each phase in upstream's order; a control's interruption or
/// a safeguard that fires interrupts the run the same way.
/// </summary>
public sealed partial class ExperimentRunner
{
    private const string Completed = "completed";
    private const string Failed = "failed";
    private const string Aborted = "aborted";
    private const string Interrupted = "interrupted";

    private readonly JsonObject _experiment;
    private readonly ExperimentSettings _settings;
    private readonly ExperimentRunOptions _options;
    private readonly IExperimentObserver _observer;
    private readonly Redactor _redactor;
    private readonly ToleranceEvaluator _tolerances;
    private readonly OutputFiles _outputs;
    private readonly object _gate = new();
    private readonly HypothesisStrategy _hypothesisStrategy;
    private readonly RollbackStrategy _rollbackStrategy;
    private readonly int _total;
    private JournalDocument _journal = null!;
    private RunControls _controls = null!;
    private Action _interrupt = () => { };
    private bool _over;
    private string? _status;
    private bool _deviated;
    private int _completed;
    private string _phase = "Starting";

    public ExperimentRunner(JsonObject experiment, ExperimentSettings settings, ExperimentRunOptions options, IExperimentObserver observer)
    {
        _experiment = experiment;
        _settings = settings;
        _options = options;
        _observer = observer;
        _redactor = Redactor.For(settings, options.PixieSession);
        _outputs = new OutputFiles(options.JournalPath, _redactor);
        _tolerances = new ToleranceEvaluator(Substitute, RunToleranceProbe);
        _hypothesisStrategy = ResolveHypothesisStrategy(experiment, options);
        _rollbackStrategy = ResolveRollbackStrategy(experiment, options);
        _total = CountPlannedActivities();
    }

    private JsonArray HypothesisProbes => _experiment["steady-state-hypothesis"] is JsonObject h && h["probes"] is JsonArray probes ? probes : [];

    private JsonArray Method => _experiment["method"] as JsonArray ?? [];

    private JsonArray RollbackList => _experiment["rollbacks"] as JsonArray ?? [];

    private string CurrentStatus
    {
        get
        {
            lock (_gate)
            {
                return _status ?? Completed;
            }
        }
    }

    /// <summary>
    /// Resolves the configuration and secrets (with the <c>--var</c> overrides), then the dynamic configuration, and
    /// runs the experiment. Throws <see cref="ExperimentException"/> when the settings cannot be resolved.
    /// </summary>
    public static ExperimentRunResult Run(ExperimentDocument document, VariableOverrides overrides, ExperimentRunOptions options, IExperimentObserver observer, CancellationToken cancellationToken, CancellationToken abandonRollbacks = default)
    {
        var settings = ResolveSettings(document, overrides, observer, options, cancellationToken);
        var result = new ExperimentRunner(document.Root, settings, options, observer).Run(cancellationToken, abandonRollbacks);
        return options.Reports is { } reports
            ? result with { Reports = reports.Write(result.Journal, result.JournalPath, document.Path) }
            : result;
    }

    // Upstream crashes without a journal when settings cannot be resolved; here that is an ExperimentException.
    private static ExperimentSettings ResolveSettings(ExperimentDocument document, VariableOverrides overrides, IExperimentObserver observer, ExperimentRunOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return ResolveSettingsCore(document, overrides, observer, options, cancellationToken);
        }
        catch (Exception e) when (e is not (ExperimentException or OperationCanceledException or OutOfMemoryException))
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidExperiment, $"The configuration and secrets could not be resolved: {e.Message}", "$.configuration", e);
        }
    }

    private static ExperimentSettings ResolveSettingsCore(ExperimentDocument document, VariableOverrides overrides, IExperimentObserver observer, ExperimentRunOptions options, CancellationToken cancellationToken)
    {
        var settings = SettingsLoader.Load(document.Root, overrides);
        var redactor = Redactor.For(settings, options.PixieSession);
        foreach (var warning in settings.Warnings)
        {
            observer.Log(ExperimentLogLevel.Warning, redactor.Redact(warning));
        }

        settings = DynamicConfiguration.ApplyAsync(
            settings,
            (key, probe, resolved, token) =>
            {
                var provider = probe["provider"] as JsonObject ?? [];
                var name = PythonValue.AsString(probe["name"]) ?? "dynamic configuration";
                var type = ExperimentRegistry.RequireProviderType(provider, name);
                // A chaospixie probe here is recorded and replayed as the hypothesis's are, under the key's name.
                var context = new ActivityContext(name, resolved, options.WorkingDirectory, options.PixieSession)
                {
                    PowerShell = options.PowerShell,
                    Python = options.Python,
                    Evidence = options.Evidence,
                    EvidenceName = DynamicConfiguration.EvidenceName(key),
                };
                return Task.FromResult(type.ConfigurationValue(type.Run(provider, context, token)));
            },
            warning => observer.Log(ExperimentLogLevel.Warning, redactor.Redact(warning)),
            cancellationToken).GetAwaiter().GetResult();
        return settings;
    }

    public ExperimentRunResult Run(CancellationToken cancellationToken, CancellationToken abandonRollbacks = default)
    {
        // The run's own token: a signal or Ctrl+C cancels it, and so does a safeguard that fires.
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _interrupt = interrupt.Cancel;
        var token = interrupt.Token;
        _controls = new RunControls(ControlRuntimeFor(token, abandonRollbacks), _options.SteadyStateOnly ? [] : _options.GlobalControls, enabled: !_options.SteadyStateOnly);
        _journal = new JournalDocument(JournalExperiment(), DateTimeOffset.UtcNow);
        if (_options.Dry is { } dry)
        {
            Log(ExperimentLogLevel.Information, $"Running experiment with dry {StrategyNames.ToName(dry)}");
        }

        Log(ExperimentLogLevel.Information, $"Running experiment: {PythonValue.AsString(_journal.Root["experiment"]!["title"])}");
        try
        {
            _controls.Configure();
            _controls.Apply(new ControlHook(ControlLevel.Experiment, Before: true), null, _experiment);
            RunPhases(token);
        }
        catch (ControlInterruptException e)
        {
            InterruptedByControl(e);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            SetStatus(Interrupted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log(ExperimentLogLevel.Error, $"The experiment was aborted: {e.Message}");
            SetStatus(Aborted);
        }

        // After an interruption the rollbacks the strategy asks for still run, until a second signal abandons them.
        try
        {
            RunRollbacks(token.IsCancellationRequested ? abandonRollbacks : token);
            return Finish();
        }
        finally
        {
            _outputs.Dispose();
        }
    }

    private void RunPhases(CancellationToken cancellationToken)
    {
        // A safeguard's pre-check may have fired already: then nothing runs, as upstream's signal stops it at once.
        cancellationToken.ThrowIfCancellationRequested();
        var hasProbes = HypothesisProbes.Count > 0;
        if (hasProbes && (_options.SteadyStateOnly || _hypothesisStrategy is HypothesisStrategy.Default or HypothesisStrategy.BeforeMethodOnly or HypothesisStrategy.Continuously))
        {
            Progress("Steady state before", null);
            // A check's journal holds its state from the start, so that an interruption still shows the probes that ran.
            var before = RunHypothesis(cancellationToken, "before", journalFromStart: _options.SteadyStateOnly);
            if (!_options.SteadyStateOnly)
            {
                _journal.SteadyStates["before"] = before.State;
            }

            if (!before.Met)
            {
                // Not met on tolerance alone stays completed (lib >= 1.35); a probe that raised makes it failed.
                Log(ExperimentLogLevel.Error, "Steady state probe(s) failed to meet the tolerance, the experiment is over");
                SetStatus(before.AnyFailed ? Failed : Completed);
                return;
            }
        }

        if (_options.SteadyStateOnly)
        {
            return;
        }

        using var continuous = hasProbes && _hypothesisStrategy is HypothesisStrategy.DuringMethodOnly or HypothesisStrategy.Continuously
            ? new ContinuousHypothesis(this, cancellationToken)
            : null;
        try
        {
            RunMethod(cancellationToken);
        }
        finally
        {
            continuous?.Stop();
        }

        if (hasProbes && _hypothesisStrategy is HypothesisStrategy.Default or HypothesisStrategy.AfterMethodOnly or HypothesisStrategy.Continuously
            && CurrentStatus is not (Interrupted or Aborted))
        {
            Progress("Steady state after", null);
            var after = RunHypothesis(cancellationToken, "after");
            _journal.SteadyStates["after"] = after.State;
            if (!after.Met)
            {
                Log(ExperimentLogLevel.Error, "Steady state probe(s) failed to meet the tolerance after the method: the system deviated");
                lock (_gate)
                {
                    _deviated = true;
                    _status = after.AnyFailed ? Failed : Completed;
                }
            }
        }
    }

    private void RunMethod(CancellationToken cancellationToken)
    {
        Progress("Method", null);
        _controls.Around(ControlLevel.Method, null, _experiment, () => _journal.Runs, () => RunSequence(Method, _journal.Runs, stopOnAbnormalStatus: true, cancellationToken));
    }

    private void RunRollbacks(CancellationToken cancellationToken)
    {
        var status = CurrentStatus;
        var play = _rollbackStrategy switch
        {
            RollbackStrategy.Default => status is not (Failed or Interrupted),
            RollbackStrategy.Always => true,
            RollbackStrategy.Deviated => _deviated,
            _ => false,
        };
        if (RollbackList.Count == 0 || _options.SteadyStateOnly)
        {
            return;
        }

        if (!play)
        {
            Log(ExperimentLogLevel.Information, "No rollbacks played, as the rollback strategy says");
            return;
        }

        Progress("Rollbacks", null);
        try
        {
            _controls.Around(ControlLevel.Rollback, null, _experiment, () => _journal.Rollbacks, () => RunSequence(RollbackList, _journal.Rollbacks, stopOnAbnormalStatus: false, cancellationToken));
        }
        catch (ControlInterruptException e)
        {
            InterruptedByControl(e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log(ExperimentLogLevel.Warning, "The rollbacks were interrupted; those not yet played are skipped");
            SetStatus(Interrupted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log(ExperimentLogLevel.Error, $"The rollbacks were aborted: {e.Message}");
            SetStatus(Aborted);
        }
    }

    /// <summary>
    /// Method activities or rollbacks, in order: refs resolved, actions confirmed, background ones started on their own
    /// and all of them awaited at the end. The method stops early once the run is failed (fail-fast), aborted or interrupted.
    /// </summary>
    private void RunSequence(JsonArray items, JsonArray records, bool stopOnAbnormalStatus, CancellationToken cancellationToken)
    {
        var background = new List<Task>();
        try
        {
            // By index: a control (repeat) may insert activities into the list as it is walked.
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (stopOnAbnormalStatus && CurrentStatus is Failed or Aborted or Interrupted)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var activity = Resolve(item as JsonObject ?? [])
                    ?? throw new InvalidOperationException($"referenced activity '{PythonValue.AsString(item?["ref"])}' could not be found in the experiment");
                if (!Confirmed(activity))
                {
                    continue;
                }

                if (activity["background"] is JsonValue bg && bg.TryGetValue(out bool isBackground) && isBackground)
                {
                    using var started = new ManualResetEventSlim();
                    background.Add(Task.Run(() => RunActivity(activity, records, cancellationToken, started), CancellationToken.None));
                    started.Wait(CancellationToken.None);
                }
                else
                {
                    RunActivity(activity, records, cancellationToken);
                }
            }
        }
        finally
        {
            AwaitBackground(background);
        }
    }

    // Background activities are always awaited; how they ended decides the status as a foreground one would.
    private void AwaitBackground(List<Task> background)
    {
        foreach (var task in background)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                SetStatus(Interrupted);
            }
            catch (ControlInterruptException e)
            {
                // Upstream never reads this error, so its run goes on; the control asked for an interruption, so here it is one.
                InterruptedByControl(e);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log(ExperimentLogLevel.Error, $"A background activity was aborted: {e.Message}");
                SetStatus(Aborted);
            }
        }

        background.Clear();
    }

    private ExperimentRunResult Finish()
    {
        string status;
        bool deviated;
        lock (_gate)
        {
            status = _status ?? Completed;
            deviated = _deviated;
        }

        _journal.Finish(status, deviated, DateTimeOffset.UtcNow);
        Log(status == Completed ? ExperimentLogLevel.Information : ExperimentLogLevel.Warning, $"Experiment ended with status: {(deviated ? "deviated" : status)}");
        if (deviated)
        {
            Log(ExperimentLogLevel.Warning, "The steady-state has deviated, a weakness may have been discovered");
        }

        EndControls();

        var journal = JournalRedaction.Redact(_journal.Root, _redactor);
        Exception? journalError = null;
        if (_options.JournalPath is { } path)
        {
            try
            {
                JournalWriter.Write(path, journal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                journalError = e;
            }
        }

        return new ExperimentRunResult(journal, status, deviated, _options.JournalPath is null ? null : Path.GetFullPath(_options.JournalPath), journalError);
    }

    /// <summary>Interrupted wins over everything; otherwise the first abnormal status sticks (a later after-hypothesis may still overwrite it).</summary>
    private void SetStatus(string status)
    {
        lock (_gate)
        {
            if (_status is Interrupted || (_status is Aborted && status != Interrupted))
            {
                return;
            }

            _status = status;
        }
    }

    // A shallow copy of the experiment as run: the title substituted, unknown keys kept, "dry" set last (or in place).
    private JsonObject JournalExperiment()
    {
        var copy = (JsonObject)_experiment.DeepClone();
        if (copy["title"] is { } title)
        {
            copy["title"] = Substitute(title);
        }

        copy["dry"] = _options.Dry is { } dry ? StrategyNames.ToName(dry) : null;
        return copy;
    }

    private static HypothesisStrategy ResolveHypothesisStrategy(JsonObject experiment, ExperimentRunOptions options)
    {
        if (options.HypothesisStrategy is { } chosen)
        {
            return chosen;
        }

        var name = PythonValue.AsString(experiment["runtime"]?["hypothesis"]?["strategy"]);
        if (name is null)
        {
            return HypothesisStrategy.Default;
        }

        // Upstream raises ValueError for an unknown name; validation rejects it first, so this is the --NoValidation path.
        return StrategyNames.ParseHypothesis(name) ?? throw new ExperimentException(ExperimentErrorKind.InvalidExperiment, $"Unknown strategy: '{name}'", "$.runtime.hypothesis.strategy");
    }

    private static RollbackStrategy ResolveRollbackStrategy(JsonObject experiment, ExperimentRunOptions options) =>
        options.RollbackStrategy ?? (PythonValue.AsString(experiment["runtime"]?["rollbacks"]?["strategy"]) is { } name
            ? StrategyNames.ParseRollback(name)
            : RollbackStrategy.Default);

    private JsonNode? Substitute(JsonNode? node) => Substitution.Apply(node, _settings);

    private ActivityContext Context(string name) => new(name, _settings, _options.WorkingDirectory, _options.PixieSession) { Outputs = _outputs, PowerShell = _options.PowerShell, Python = _options.Python, Evidence = _options.Evidence };

    private int CountPlannedActivities() => _options.SteadyStateOnly ? HypothesisProbes.Count : HypothesisProbes.Count * 2 + Method.Count + RollbackList.Count;
}
