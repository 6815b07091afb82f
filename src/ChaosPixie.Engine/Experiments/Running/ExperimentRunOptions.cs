using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Providers;
using ChaosPixie.Engine.Experiments.Providers.Bridge;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Reporting;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>The <c>chaos run</c> flags; a null strategy means "as the experiment's <c>runtime</c> says, else default".</summary>
public sealed class ExperimentRunOptions
{
    public HypothesisStrategy? HypothesisStrategy { get; init; }

    /// <summary>Seconds between two iterations of a continuous hypothesis (<c>--hypothesis-frequency</c>).</summary>
    public double HypothesisFrequency { get; init; } = 1.0;

    public bool FailFast { get; init; }

    /// <summary>
    /// Runs the steady-state hypothesis once and nothing else (no method, no rollbacks), judging every probe even after
    /// one misses: a scheduled steady-state check (Invoke-SteadyStateCheck). Its tolerance results keep their samples.
    /// </summary>
    public bool SteadyStateOnly { get; init; }

    public RollbackStrategy? RollbackStrategy { get; init; }

    public DryMode? Dry { get; init; }

    /// <summary>The directory processes run in and relative process paths resolve against (the user's location); null is the process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The caller's own Pixie connection (Connect-Pixie's session): the chaospixie functions use it for whatever the
    /// environment and the experiment leave unset. Null adds nothing.
    /// </summary>
    public PixieSettings? PixieSession { get; init; }

    /// <summary>Runs the <c>powershell</c> provider's activities; null makes them fail (the engine knows no runspace).</summary>
    public IPowerShellActivityRunner? PowerShell { get; init; }

    /// <summary>
    /// The bridge that runs the python activities chaostoolkit-pixie does not run natively (the caller ends it after
    /// the run); null makes them abort the run, as an extension that is not installed does.
    /// </summary>
    public PythonBridge? Python { get; init; }

    /// <summary>
    /// The global controls (the settings file's, then those of each control file), each with its <c>name</c>: they get
    /// the hooks by upstream's rules (the loader hooks, before validation, are <see cref="Controls.LoaderControls"/>'). Empty for none.
    /// </summary>
    public IReadOnlyList<JsonObject> GlobalControls { get; init; } = [];

    /// <summary>The settings file's content, which python controls may take as <c>settings</c>; null when there is none.</summary>
    public JsonObject? LoadedSettings { get; init; }

    /// <summary>The JUnit file and Azure Pipelines summary written after the journal; null writes neither.</summary>
    public RunReports? Reports { get; init; }

    /// <summary>
    /// The chaospixie probes' evidence folder: each probe run recorded there (-EvidencePath), or read back from it
    /// instead of a cluster (-ReplayEvidence). Null leaves the probes to the cluster, unrecorded.
    /// </summary>
    public Providers.ChaosPixie.ProbeEvidence? Evidence { get; init; }

    /// <summary>Where the journal goes; null writes none.</summary>
    public string? JournalPath { get; init; }

    /// <summary>
    /// Asked before each method action and each rollback with the activity's name and what it runs, as -WhatIf
    /// describes it (<see cref="ExperimentPlan.Provider"/>); false skips it
    /// (the cmdlet's ShouldProcess). Null runs everything.
    /// </summary>
    public Func<string, string, bool>? ConfirmAction { get; init; }
}
