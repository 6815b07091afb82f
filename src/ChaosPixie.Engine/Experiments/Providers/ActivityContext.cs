using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// What a provider may use besides its own definition: the run's configuration and secrets (through <c>${}</c>
/// substitution, and whole for the chaospixie functions, which read them as upstream's python functions do), the
/// activity's name for messages, the working directory, and the caller's Pixie connection.
/// </summary>
public sealed class ActivityContext
{
    public ActivityContext(string activityName, ExperimentSettings settings, string? workingDirectory = null, PixieSettings? pixieSession = null)
    {
        ActivityName = activityName;
        Settings = settings;
        WorkingDirectory = workingDirectory;
        PixieSession = pixieSession;
    }

    public string ActivityName { get; }

    public ExperimentSettings Settings { get; }

    /// <summary>True when the experiment has configuration or secrets; upstream substitutes process arguments only then.</summary>
    public bool HasSettings => !Settings.IsEmpty;

    /// <summary>The directory processes start in and relative paths resolve against; null is the process's own.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>The run's files for long outputs (probes spill their rows there); null outside a run.</summary>
    public OutputFiles? Outputs { get; init; }

    /// <summary>The caller's Pixie connection, the chaospixie functions' last fallback; null when there is none.</summary>
    public PixieSettings? PixieSession { get; }

    /// <summary>The PowerShell host that runs <c>powershell</c> activities; null when there is none.</summary>
    public IPowerShellActivityRunner? PowerShell { get; init; }

    /// <summary>The run's Python bridge, for the python activities chaostoolkit-pixie does not run natively; null when there is no Python.</summary>
    public Bridge.PythonBridge? Python { get; init; }

    /// <summary>
    /// Set by a provider that ran its work a second time (a chaospixie probe whose stream was cut): why, and what the
    /// first attempt was. The run record keeps it as <c>rerun</c>; null when the work ran once.
    /// </summary>
    public JsonObject? Rerun { get; set; }

    /// <summary>Where the chaospixie probes record their results, or replay them from; null when neither.</summary>
    public ChaosPixie.ProbeEvidence? Evidence { get; init; }

    /// <summary>The name the activity's evidence files and index lines carry: its own name, unless the caller gives another.</summary>
    public string EvidenceName
    {
        get => _evidenceName ?? ActivityName;
        init => _evidenceName = value;
    }

    private readonly string? _evidenceName;

    /// <summary>Applies the experiment's configuration and secrets to a copy of a node.</summary>
    public JsonNode? Substitute(JsonNode? node) => Substitution.Apply(node, Settings);
}
