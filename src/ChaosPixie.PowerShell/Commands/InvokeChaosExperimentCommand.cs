using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments;
using ChaosPixie.Engine.Experiments.Controls;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Reporting;
using ChaosPixie.PowerShell.Experiments;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Runs a Chaos Toolkit experiment with <c>chaos run</c>'s semantics and writes its journal. The engine runs on a worker
/// thread; this cmdlet drains its log lines, progress, confirmations and PowerShell activities on the pipeline thread.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ChaosExperiment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(ChaosJournal))]
public sealed class InvokeChaosExperimentCommand : CancellableCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int UsageErrorExitCode = 2;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string JournalPath { get; set; } = "journal.json";

    [Parameter]
    public Hashtable? Variable { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? VariableFile { get; set; }

    [Parameter]
    [ValidateSet("Default", "BeforeMethodOnly", "AfterMethodOnly", "DuringMethodOnly", "Continuously", "Skip")]
    public string? HypothesisStrategy { get; set; }

    [Parameter]
    [ValidateRange(0.0, 86400.0)]
    public double HypothesisFrequency { get; set; } = 1.0;

    [Parameter]
    public SwitchParameter FailFast { get; set; }

    [Parameter]
    [ValidateSet("Default", "Always", "Never", "Deviated")]
    public string? RollbackStrategy { get; set; }

    [Parameter]
    [ValidateSet("Probes", "Actions", "Activities", "Pause")]
    public string? Dry { get; set; }

    [Parameter]
    public SwitchParameter NoValidation { get; set; }

    /// <summary>Files of global controls (<c>chaos run --control-file</c>): JSON or YAML mappings of control names to declarations.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ControlFile { get; set; }

    /// <summary>chaos's settings file (<c>chaos --settings</c>); ~/.chaostoolkit/settings.yaml when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SettingsPath { get; set; }

    /// <summary>The Python 3 interpreter for the python activities chaostoolkit-pixie does not run natively.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PythonPath { get; set; }

    [Parameter]
    public SwitchParameter EnableExit { get; set; }

    /// <summary>Exits with one code per outcome (0 steady, 1 deviated, 2 failed or aborted, 3 interrupted, 4 could not run, 5 not tested).</summary>
    [Parameter]
    public SwitchParameter DetailedExitCode { get; set; }

    /// <summary>Where the JUnit XML of the experiments this call ran is written (rewritten after each one).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    /// <summary>Azure Pipelines logging commands; on by default when TF_BUILD is set, off with -AzurePipelines:$false.</summary>
    [Parameter]
    public SwitchParameter AzurePipelines { get; set; }

    /// <summary>A folder where each chaospixie probe run is recorded as an evidence file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EvidencePath { get; set; }

    /// <summary>A folder recorded with -EvidencePath: the chaospixie probes read it instead of a cluster, and actions do not run.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReplayEvidence { get; set; }

    // The JUnit file holds every experiment this call ran, so one writer serves them all.
    private RunReports? _reports;

    private bool UseAzurePipelines => MyInvocation.BoundParameters.ContainsKey(nameof(AzurePipelines))
        ? AzurePipelines.IsPresent
        : !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

    protected override void ProcessRecord()
    {
        var path = ResolveExperimentPath();
        if (path is null)
        {
            return;
        }

        VariableOverrides overrides;
        try
        {
            overrides = ReadOverrides();
        }
        catch (ExperimentException e)
        {
            // chaos run exits 2 for a bad --var or a missing --var-file: a usage error, not a verdict.
            Fail(ExperimentErrors.From(e, path), UsageErrorExitCode);
            return;
        }

        // Global controls: the settings file's, then the control files', loaded before the experiment, as chaos does.
        (IReadOnlyList<JsonObject> Controls, JsonObject? Settings) globals;
        try
        {
            globals = ReadGlobalControls();
        }
        catch (ExperimentException e) when (e.Kind == ExperimentErrorKind.InvalidSettingsFile)
        {
            // chaos logs such a file and runs without its settings; they may hold safeguards or secrets, so here nothing runs.
            Fail(Errors.Create(ErrorIds.SettingsFileInvalid, ErrorCategory.InvalidData, SettingsFile(), e.Message,
                "Fix the settings file where the message says (it is YAML), or give -SettingsPath another file.", e), UsageErrorExitCode);
            return;
        }
        catch (ExperimentException e)
        {
            Fail(ExperimentErrors.From(e, ControlFile), UsageErrorExitCode);
            return;
        }

        // One bridge for loading, validation and run, as chaos does all three in one interpreter; it ends with the run.
        var directory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        using var python = PythonSetup.Open(this, PythonPath, directory, out var pythonError);
        if (pythonError is not null)
        {
            Fail(pythonError, UsageErrorExitCode);
            return;
        }

        if (Load(path, globals, python) is not { } document)
        {
            return;
        }

        if (!NoValidation && ExperimentValidation.Check(this, document, directory, python, StopToken, HypothesisStrategy) is { } invalid)
        {
            Fail(invalid);
            return;
        }

        if (IsWhatIf())
        {
            WritePlan(document.Root);
            return;
        }

        var evidence = ExperimentEvidence.Open(this, EvidencePath, ReplayEvidence, out var evidenceError);
        if (evidenceError is not null)
        {
            Fail(evidenceError, UsageErrorExitCode);
            return;
        }

        Run(document, overrides, python, globals, evidence);
    }

    // The experiment read inside the global controls' loader hooks, before validation as chaos run does; -WhatIf
    // calls no hook, so its plan is of the experiment as written.
    private ExperimentDocument? Load(string path, (IReadOnlyList<JsonObject> Controls, JsonObject? Settings) globals, Engine.Experiments.Providers.Bridge.PythonBridge? python)
    {
        try
        {
            // What the hooks log is written here, on the pipeline thread where they run.
            void Log(ExperimentLogLevel level, string message)
            {
                if (level >= ExperimentLogLevel.Warning)
                {
                    WriteWarning(message);
                }
                else
                {
                    WriteVerbose(message);
                }
            }

            return LoaderControls.Load(path, () => ExperimentLoader.Load(path), IsWhatIf() ? [] : globals.Controls, globals.Settings, python, Log, StopToken);
        }
        catch (ExperimentException e)
        {
            Fail(ExperimentErrors.From(e, path));
            return null;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private string SettingsFile() => SettingsPath is null ? GlobalControls.DefaultSettingsPath : SessionState.Path.GetUnresolvedProviderPathFromPSPath(SettingsPath);

    private (IReadOnlyList<JsonObject> Controls, JsonObject? Settings) ReadGlobalControls()
    {
        var settings = GlobalControls.LoadSettings(SettingsFile(), required: SettingsPath is not null);
        var files = (ControlFile ?? []).Select(f => SessionState.Path.GetUnresolvedProviderPathFromPSPath(f));
        return (GlobalControls.Load(settings, files), settings);
    }

    private void Run(ExperimentDocument document, VariableOverrides overrides, Engine.Experiments.Providers.Bridge.PythonBridge? python, (IReadOnlyList<JsonObject> Controls, JsonObject? Settings) globals, Engine.Experiments.Providers.ChaosPixie.ProbeEvidence? evidence)
    {
        using var dispatcher = new PipelineDispatcher();
        // SIGTERM, SIGHUP and SIGINT interrupt the run instead of ending the process, until it is over.
        using var signals = new InterruptSignals();
        // Ctrl+C, a signal, or a write that fails on the pipeline thread, stops the run the same way.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(StopToken, signals.Interrupt);
        var title = JournalText.String(document.Root["title"]) ?? System.IO.Path.GetFileName(document.Path);
        var observer = new CmdletObserver(this, dispatcher, () => StopToken.IsCancellationRequested, title);
        var options = new ExperimentRunOptions
        {
            HypothesisStrategy = HypothesisStrategy is null ? null : Enum.Parse<Engine.Experiments.Running.HypothesisStrategy>(HypothesisStrategy),
            HypothesisFrequency = HypothesisFrequency,
            FailFast = FailFast,
            RollbackStrategy = RollbackStrategy is null ? null : Enum.Parse<Engine.Experiments.Running.RollbackStrategy>(RollbackStrategy),
            // A replay judges the recorded steady state again; the actions it stands after are not run.
            Dry = Dry is not null ? Enum.Parse<DryMode>(Dry) : evidence is { Replaying: true } ? DryMode.Actions : null,
            Evidence = evidence,
            WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            PixieSession = Pixie.PixieSession.Settings,
            PowerShell = new PowerShellActivityRunner(this, dispatcher, SessionState),
            Python = python,
            GlobalControls = globals.Controls,
            LoadedSettings = globals.Settings,
            Reports = JUnitPath is null && !UseAzurePipelines ? null
                : _reports ??= new RunReports(JUnitPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(JUnitPath), UseAzurePipelines),
            JournalPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(JournalPath),
            // With nobody left to ask after Ctrl+C or a signal, rollbacks go as the strategy says.
            ConfirmAction = (name, runs) => dispatcher.Invoke(() => stop.IsCancellationRequested || ShouldProcess($"{name} ({runs})", "Run chaos action")),
        };

        ExperimentRunResult result;
        Task<ExperimentRunResult>? run = null;
        try
        {
            run = Task.Run(() =>
            {
                try
                {
                    return ExperimentRunner.Run(document, overrides, options, observer, stop.Token, signals.Abandon);
                }
                finally
                {
                    observer.Complete();
                }
            });
            result = dispatcher.RunUntil(run, stop.Cancel);
        }
        catch (ExperimentException e)
        {
            Fail(ExperimentErrors.From(e, document.Path));
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException && run is { IsCompletedSuccessfully: true } && !StopToken.IsCancellationRequested)
        {
            // A write failed on the pipeline thread (-WarningAction Stop): the run still ended and wrote its journal,
            // and its status sets the exit code before the failure surfaces.
            ExitWith(run.Result);
            throw;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while the dynamic configuration was resolved: nothing ran, so there is no journal to write.
            ReportInterruption(signals, null);
            EndAfterSignal(signals, DetailedExitCode ? 3 : EnableExit ? 1 : null);
            return;
        }

        // The run is over: its Python bridge ends now, before a signal's exit could leave it to end on its own.
        python?.Dispose();
        // The notice first: Ctrl+C can stop the pipeline while the outputs are written, and must not lose it.
        ReportInterruption(signals, result);
        WriteOutputs(result);
        EndAfterSignal(signals, DetailedExitCode ? result.DetailedExitCode : EnableExit ? result.ExitCode : null);
    }

    // The journal error, the engine's word on the JUnit file and the summary, the Azure Pipelines lines and the result
    // object; after Ctrl+C the pipeline is stopped and takes none of them (the files are written all the same). The exit
    // code comes first: Ctrl+C can stop the pipeline while they are written, and a write then throws.
    private void WriteOutputs(ExperimentRunResult result)
    {
        ExitWith(result);
        if (!StopToken.IsCancellationRequested)
        {
            if (result.JournalError is { } error)
            {
                WriteError(Errors.Create(ErrorIds.JournalWriteFailed, ErrorCategory.WriteError, result.JournalPath,
                    $"The journal could not be written to '{result.JournalPath}': {error.Message}", "Choose a writable -JournalPath.", error));
            }

            if (result.Reports is { } reports)
            {
                WriteReports(reports);
            }

            WriteObject(new ChaosJournal(result));
        }
    }

    private void WriteReports(RunReportsWritten reports)
    {
        if (reports.JUnitError is { } junit)
        {
            WriteError(Errors.Create(ErrorIds.JUnitWriteFailed, ErrorCategory.WriteError, JUnitPath,
                $"The JUnit file could not be written to '{_reports?.JUnitPath}': {junit.Message}", "Choose a writable -JUnitPath.", junit));
        }

        if (reports.SummaryError is { } summary)
        {
            WriteWarning($"The build summary could not be written to '{reports.SummaryPath}': {summary.Message}");
        }

        foreach (var line in reports.AzurePipelinesLines)
        {
            WriteHostLine(line);
        }
    }

    /// <summary>Says that the run was interrupted, by what, and what was written.</summary>
    private void ReportInterruption(InterruptSignals signals, ExperimentRunResult? result)
    {
        var signal = signals.Received;
        var stopped = StopToken.IsCancellationRequested;
        if (signal is null && !stopped)
        {
            return;
        }

        var by = InterruptEnding.By(signal);
        var written = result switch
        {
            null => "it was stopped before any activity ran, so there is no journal",
            { JournalError: { } error } => $"the journal could not be written to '{result.JournalPath}': {error.Message}",
            { JournalPath: { } path } => $"its journal (status '{result.Status}') was written to '{path}'",
            _ => $"it ended with status '{result.Status}'",
        };
        var message = $"The experiment was interrupted by {by}: {written}.";
        InterruptEnding.Warn(this, stopped, message);
    }

    private void EndAfterSignal(InterruptSignals signals, int? code) => InterruptEnding.End(signals, StopToken.IsCancellationRequested, code);

    private void WriteHostLine(string line) =>
        WriteInformation(new HostInformationMessage { Message = line }, ["PSHOST"]);

    private string? ResolveExperimentPath()
    {
        var (file, problem) = ExperimentInputs.ResolveOne(this, Path ?? LiteralPath, ParameterSetName == LiteralPathSet);
        if (problem is not null)
        {
            Fail(problem);
        }

        return file;
    }

    private VariableOverrides ReadOverrides() => ExperimentInputs.ReadOverrides(this, Variable, VariableFile);

    private bool IsWhatIf() =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) && whatIf is SwitchParameter { IsPresent: true })
        || (!MyInvocation.BoundParameters.ContainsKey("WhatIf") && LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference")));

    // -WhatIf: every activity that would run, in order, and nothing run.
    private void WritePlan(JsonObject experiment)
    {
        foreach (var step in ExperimentPlan.Of(experiment))
        {
            ShouldProcess(step.Target, step.Action);
        }
    }

    // The experiment could not run: with -DetailedExitCode that is its own code, and Azure Pipelines hears why.
    private void Fail(ErrorRecord record, int exitCode = 1)
    {
        ExitWith(DetailedExitCode ? ExperimentRunResult.CouldNotRunExitCode : exitCode);
        if (UseAzurePipelines)
        {
            foreach (var line in RunReports.CouldNotRun(Path ?? LiteralPath, record.FullyQualifiedErrorId, record.Exception.Message))
            {
                WriteHostLine(line);
            }
        }

        ThrowTerminatingError(record);
    }

    private void ExitWith(ExperimentRunResult result) => ExitWith(DetailedExitCode ? result.DetailedExitCode : result.ExitCode);

    private void ExitWith(int code)
    {
        if (EnableExit || DetailedExitCode)
        {
            Host.SetShouldExit(code);
        }
    }
}
