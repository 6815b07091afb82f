using System.Diagnostics;

namespace ChaosPixie.Engine.Experiments.Providers.Processes;

/// <summary>
/// A process an activity starts, together with every process it starts in turn: a process group on Linux and macOS,
/// a job object on Windows. <see cref="End"/> ends them all, and disposing ends whatever is left, so that no process
/// outlives its activity (docs/architecture.md, "Process groups"). .NET's <see cref="Process"/> cannot place a child in
/// a group of its own before it runs, hence a class per platform.
/// </summary>
internal abstract class ProcessGroup : IDisposable
{
    /// <summary>
    /// Starts <paramref name="start"/>'s file with its arguments and directory, stdout and stderr piped, stdin
    /// inherited unless <see cref="ProcessStartInfo.RedirectStandardInput"/> asks for a pipe.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The file could not be started.</exception>
    public static ProcessGroup Start(ProcessStartInfo start) =>
        OperatingSystem.IsWindows() ? new WindowsJobGroup(start) : new PosixProcessGroup(start);

    /// <summary>The pipe to the process's stdin; null when stdin is inherited.</summary>
    public abstract StreamWriter? StandardInput { get; }

    public abstract StreamReader StandardOutput { get; }

    public abstract StreamReader StandardError { get; }

    /// <summary>Completes with the exit code of the started process (128 + the signal when a signal ended it).</summary>
    public abstract Task<int> Exited { get; }

    /// <summary>Ends every process of the group (politely first where the platform allows) and returns once they are gone.</summary>
    public abstract void End();

    public void Dispose()
    {
        End();
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the pipes and handles once the group has ended.</summary>
    protected abstract void Release();
}
