using System.Management.Automation;
using System.Runtime.InteropServices;
using ChaosPixie.Engine.Experiments.Running;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// How a cmdlet that runs through <see cref="InterruptSignals"/> (Invoke-ChaosExperiment, Invoke-SteadyStateCheck)
/// names the signal that interrupted it, and ends once its outputs are written.
/// </summary>
internal static class InterruptEnding
{
    /// <summary>What interrupted the run, as the notice says it: Ctrl+C (SIGINT), Ctrl+Break, SIGTERM, SIGHUP.</summary>
    public static string By(PosixSignal? signal) => signal switch
    {
        PosixSignal.SIGINT or null => "Ctrl+C (SIGINT)",
        PosixSignal.SIGQUIT => "Ctrl+Break",
        { } other => other.ToString(),
    };

    /// <summary>
    /// Tells the user that the run was interrupted. A stopped pipeline takes no more records, so the line then goes to the
    /// host directly, as PowerShell's own "stopped" notices do; and Ctrl+C may stop the pipeline while the warning is
    /// being written, so that case falls back to the host too rather than losing the line.
    /// </summary>
    public static void Warn(PSCmdlet cmdlet, bool pipelineStopped, string message)
    {
        if (!pipelineStopped)
        {
            try
            {
                cmdlet.WriteWarning(message);
                return;
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C arrived meanwhile.
            }
        }

        cmdlet.Host.UI.WriteWarningLine(message);
    }

    /// <summary>
    /// After a run a signal interrupted, with its outputs written: SIGTERM and SIGHUP end the process, as their sender
    /// wants, with <paramref name="code"/> (-DetailedExitCode's or -EnableExit's), else the shell's code for that
    /// signal (143, 129); SIGINT stops the pipeline as Ctrl+C does. The signals get their default action back first.
    /// </summary>
    public static void End(InterruptSignals signals, bool pipelineStopped, int? code)
    {
        var signal = signals.Received;
        signals.Dispose();
        if (signal is PosixSignal.SIGINT)
        {
            if (!pipelineStopped)
            {
                throw new PipelineStoppedException();
            }
        }
        else if (signal is { } ending)
        {
            Environment.Exit(code ?? InterruptSignals.ExitCode(ending));
        }
    }
}
