using System.Collections;
using System.Management.Automation;
using ChaosPixie.Engine.Experiments;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.History;
using ChaosPixie.Engine.Reporting;
using ChaosPixie.Engine.Statistics;
using ChaosPixie.PowerShell.Experiments;
using ChaosPixie.PowerShell.History;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Runs an experiment's steady-state hypothesis only (no method, no rollbacks) through the experiment runner, judges
/// each probe's tolerance and its drift against the history, and records the run there in one transaction.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SteadyStateCheck", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SteadyStateCheckResult))]
public sealed class InvokeSteadyStateCheckCommand : CancellableCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = null!;

    /// <summary>The SQLite file of the history; by default history.db under ChaosPixie in the user's local data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HistoryPath { get; set; }

    /// <summary>A PostgreSQL history (Host=...;Database=...;Username=...;Password=...); else $env:CHAOSPIXIE_HISTORY_CONNECTION_STRING.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HistoryConnectionString { get; set; }

    [Parameter]
    [ValidateSet("Ewma", "Cusum", "MannWhitney")]
    public string DriftRule { get; set; } = "Ewma";

    [Parameter]
    public Hashtable? Variable { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? VariableFile { get; set; }

    [Parameter]
    public SwitchParameter NoValidation { get; set; }

    /// <summary>The Python 3 interpreter for the python probes chaostoolkit-pixie does not run natively.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PythonPath { get; set; }

    /// <summary>Where the run's journal goes (the hypothesis only); none by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>Exits with one code per verdict: 0 Steady, 1 Drifting, 2 Broken, 3 interrupted, 4 could not run, 5 Inconclusive, 6 not recorded.</summary>
    [Parameter]
    public SwitchParameter DetailedExitCode { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    /// <summary>Azure Pipelines logging commands; on by default when TF_BUILD is set, off with -AzurePipelines:$false.</summary>
    [Parameter]
    public SwitchParameter AzurePipelines { get; set; }

    // The JUnit file holds every check this call ran, so one writer serves them all.
    private RunReports? _reports;

    private bool UseAzurePipelines => MyInvocation.BoundParameters.ContainsKey(nameof(AzurePipelines))
        ? AzurePipelines.IsPresent
        : !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

    protected override void ProcessRecord()
    {
        var (path, problem) = ExperimentInputs.ResolveOne(this, Path ?? LiteralPath, ParameterSetName == LiteralPathSet);
        if (path is null)
        {
            Fail(problem!);
            return;
        }

        ExperimentDocument document;
        VariableOverrides overrides;
        try
        {
            document = ExperimentLoader.Load(path);
            overrides = ExperimentInputs.ReadOverrides(this, Variable, VariableFile);
        }
        catch (ExperimentException e)
        {
            Fail(ExperimentErrors.From(e, path));
            return;
        }

        // Python activities outside chaostoolkit-pixie run through the bridge, with the interpreter found as
        // Invoke-ChaosExperiment finds it (-PythonPath, else CHAOSPIXIE_PYTHON, else PATH); it ends with the check.
        var directory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        using var python = PythonSetup.Open(this, PythonPath, directory, out var pythonError);
        if (pythonError is not null)
        {
            Fail(pythonError);
            return;
        }

        if (!NoValidation && ExperimentValidation.Check(this, document, directory, python, StopToken, steadyStateOnly: true) is { } invalid)
        {
            Fail(invalid);
            return;
        }

        var (store, unavailable) = HistoryOpener.Open(this, HistoryPath, HistoryConnectionString);
        if (store is null)
        {
            Fail(unavailable!);
            return;
        }

        using (store)
        {
            Run(document, overrides, store, python);
        }
    }

    private void Run(ExperimentDocument document, VariableOverrides overrides, HistoryStore store, Engine.Experiments.Providers.Bridge.PythonBridge? python)
    {
        using var dispatcher = new PipelineDispatcher();
        // SIGTERM, SIGHUP and SIGINT interrupt the check instead of ending the process, until it is over.
        using var signals = new InterruptSignals();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(StopToken, signals.Interrupt);
        var title = JournalText.String(document.Root["title"]) ?? System.IO.Path.GetFileName(document.Path);
        var observer = new CmdletObserver(this, dispatcher, () => StopToken.IsCancellationRequested, title);
        var options = new ExperimentRunOptions
        {
            SteadyStateOnly = true,
            WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            PixieSession = Pixie.PixieSession.Settings,
            PowerShell = new PowerShellActivityRunner(this, dispatcher, SessionState),
            Python = python,
            JournalPath = JournalPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(JournalPath),
        };
        var rule = Enum.Parse<DriftRule>(DriftRule);
        // The JUnit file holds every check this call ran; the reports come after the drift is judged, so they say it.
        var reports = JUnitPath is null && !UseAzurePipelines ? null
            : _reports ??= RunReports.ForChecks(JUnitPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(JUnitPath), UseAzurePipelines);

        (SteadyStateCheckResult Check, RunReportsWritten? Reports) outcome;
        try
        {
            var run = Task.Run(() =>
            {
                try
                {
                    var startedAt = DateTimeOffset.UtcNow;
                    var result = ExperimentRunner.Run(document, overrides, options, observer, stop.Token, signals.Abandon);
                    // Not cancellable: once the run is over, its record is committed whole (or, interrupted, not at all).
                    var check = SteadyStateCheck.Judge(result, startedAt, DateTimeOffset.UtcNow, store, rule);
                    return (check, reports?.Write(check, document.Path));
                }
                finally
                {
                    observer.Complete();
                }
            });
            outcome = dispatcher.RunUntil(run, stop.Cancel);
        }
        catch (ExperimentException e)
        {
            Fail(ExperimentErrors.From(e, document.Path));
            return;
        }
        catch (HistoryException e)
        {
            ExitWith(SteadyStateCheckResult.NotRecordedExitCode);
            ThrowTerminatingError(HistoryOpener.From(e));
            return;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while the dynamic configuration was resolved: no probe ran, so there is no journal and no record.
            ReportInterruption(signals, null);
            InterruptEnding.End(signals, StopToken.IsCancellationRequested, DetailedExitCode ? SteadyStateCheckResult.InterruptedExitCode : null);
            return;
        }

        // The run is over: its Python bridge ends now, before a signal's exit could leave it to end on its own.
        python?.Dispose();
        // The notice first: Ctrl+C can stop the pipeline while the outputs are written, and must not lose it.
        ReportInterruption(signals, outcome.Check);
        WriteOutputs(outcome.Check, outcome.Reports);
        InterruptEnding.End(signals, StopToken.IsCancellationRequested, DetailedExitCode ? outcome.Check.DetailedExitCode : null);
    }

    // The JUnit error and the Azure Pipelines lines, then the result; after Ctrl+C the pipeline is stopped and takes
    // none of them (the files are written all the same). The exit code comes first: Ctrl+C can stop the pipeline
    // while they are written, and a write then throws.
    private void WriteOutputs(SteadyStateCheckResult check, RunReportsWritten? reports)
    {
        ExitWith(check.DetailedExitCode);
        if (!StopToken.IsCancellationRequested)
        {
            if (reports?.JUnitError is { } junit)
            {
                WriteError(Errors.Create(ErrorIds.JUnitWriteFailed, ErrorCategory.WriteError, JUnitPath,
                    $"The JUnit file could not be written to '{_reports?.JUnitPath}': {junit.Message}", "Choose a writable -JUnitPath.", junit));
            }

            foreach (var line in reports?.AzurePipelinesLines ?? [])
            {
                WriteHostLine(line);
            }

            WriteObject(check);
        }
    }

    /// <summary>Says that the check was interrupted, by what, and what was written.</summary>
    private void ReportInterruption(InterruptSignals signals, SteadyStateCheckResult? check)
    {
        var stopped = StopToken.IsCancellationRequested;
        if (signals.Received is null && !stopped)
        {
            return;
        }

        var written = check switch
        {
            null => "it was stopped before any probe ran, so there is no journal",
            { JournalPath: { } path } => $"its journal (status '{check.Status}') was written to '{path}'",
            _ => $"it ended with status '{check.Status}'",
        };
        var recorded = check?.History is { } history ? $"the run was recorded in {history}" : "nothing of it was recorded in the history";
        var message = $"The steady-state check was interrupted by {InterruptEnding.By(signals.Received)}: {written}; {recorded}.";
        InterruptEnding.Warn(this, stopped, message);
    }

    private void WriteHostLine(string line) =>
        WriteInformation(new HostInformationMessage { Message = line }, ["PSHOST"]);

    // The check could not run: with -DetailedExitCode that is its own code, and Azure Pipelines hears why.
    private void Fail(ErrorRecord record)
    {
        ExitWith(ExperimentRunResult.CouldNotRunExitCode);
        if (UseAzurePipelines)
        {
            WriteHostLine(AzurePipelinesCommands.LogIssue(true, Path ?? LiteralPath, record.FullyQualifiedErrorId, record.Exception.Message));
            WriteHostLine(AzurePipelinesCommands.Complete(AzurePipelinesResult.Failed, $"The steady-state check could not run: {record.FullyQualifiedErrorId}"));
        }

        ThrowTerminatingError(record);
    }

    // Only -DetailedExitCode ends the process with a code: without it a check is a command like any other.
    private void ExitWith(int code)
    {
        if (DetailedExitCode)
        {
            Host.SetShouldExit(code);
        }
    }
}
