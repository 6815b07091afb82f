using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>Invoke-ChaosExperiment's -EvidencePath and -ReplayEvidence: the folder the chaospixie probes record into or replay from.</summary>
internal static class ExperimentEvidence
{
    /// <summary>The evidence folder (null when neither parameter is given), or an error record that says what to fix.</summary>
    public static ProbeEvidence? Open(PSCmdlet cmdlet, string? recordPath, string? replayPath, out ErrorRecord? error)
    {
        error = null;
        if (recordPath is not null && replayPath is not null)
        {
            error = Errors.Create(ErrorIds.EvidenceModeConflict, ErrorCategory.InvalidArgument, replayPath,
                "-EvidencePath and -ReplayEvidence cannot be used together: a run either records its probes' results or replays them.",
                "Record with -EvidencePath, then replay the recording with -ReplayEvidence in another run.");
            return null;
        }

        var given = recordPath ?? replayPath;
        if (given is null)
        {
            return null;
        }

        var folder = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(given);
        try
        {
            return recordPath is not null ? ProbeEvidence.Record(folder) : ProbeEvidence.Replay(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = Errors.Create(ErrorIds.EvidenceFolderUnusable, recordPath is null ? ErrorCategory.ObjectNotFound : ErrorCategory.WriteError, given,
                recordPath is null ? $"Cannot replay evidence from '{folder}': {e.Message}" : $"Cannot record evidence into '{folder}': {e.Message}",
                recordPath is null ? "Give -ReplayEvidence the folder a run recorded with -EvidencePath." : "Give -EvidencePath a folder that can be created and written.", e);
            return null;
        }
    }
}
