using System.Collections;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static ChaosPixie.Engine.Experiments.Providers.Processes.PosixNative;

namespace ChaosPixie.Engine.Experiments.Providers.Processes;

/// <summary>
/// Linux and macOS: the child is started with <c>posix_spawn</c> and <c>POSIX_SPAWN_SETPGROUP</c>, so that it leads a
/// new process group from its first instruction (no window in which it could start a process outside it), and
/// everything it starts stays in that group unless it deliberately leaves it (<c>setsid</c>). Ending the group is
/// <c>kill(-pgid, SIGTERM)</c>, a short grace, then <c>SIGKILL</c>. The child's signal mask is emptied and every signal
/// set back to its default, as .NET's own Process does: this process ignores SIGPIPE, which a child must not inherit.
/// Its stdout and stderr are pipes (created close-on-exec, so that a child started at the same moment by another
/// activity cannot hold them open), its stdin is this process's own, and its environment is .NET's view of it, which
/// holds what <c>$env:</c> set. When the start info asks for it, stdin is a pipe too.
/// </summary>
internal sealed class PosixProcessGroup : ProcessGroup
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly int _pid;
    private readonly Task<int> _exited;
    private int _ended;

    public PosixProcessGroup(ProcessStartInfo start)
    {
        var stdin = start.RedirectStandardInput ? Pipe() : null;
        var stdout = Pipe();
        var stderr = Pipe();
        try
        {
            _pid = Spawn(start, stdin?[0], stdout[1], stderr[1]);
        }
        catch
        {
            close(stdout[0]);
            close(stderr[0]);
            if (stdin is not null)
            {
                close(stdin[1]);
            }

            throw;
        }
        finally
        {
            // The child has its own copies; the read ends see end-of-file once every process of the group closed them.
            close(stdout[1]);
            close(stderr[1]);
            if (stdin is not null)
            {
                close(stdin[0]);
            }
        }

        StandardInput = stdin is null ? null : new StreamWriter(new FileStream(new SafeFileHandle(stdin[1], ownsHandle: true), FileAccess.Write, bufferSize: 1), new UTF8Encoding(false)) { AutoFlush = true };
        StandardOutput = Reader(stdout[0]);
        StandardError = Reader(stderr[0]);
        _exited = Task.Factory.StartNew(WaitForExit, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override StreamWriter? StandardInput { get; }

    public override StreamReader StandardOutput { get; }

    public override StreamReader StandardError { get; }

    public override Task<int> Exited => _exited;

    /// <summary>
    /// SIGTERM to the group, up to two seconds for it to empty, then SIGKILL. The group id stays the group's while any
    /// member lives (the leader, even dead, holds it until it is reaped), so a signal cannot reach an unrelated process
    /// except after the group emptied, where the kernel answers ESRCH.
    /// </summary>
    public override void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1 || !Signal(SigTerm))
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Grace)
        {
            if (_exited.IsCompleted && !HasLiveMembers())
            {
                return;
            }

            Thread.Sleep(20);
        }

        Signal(SigKill);
        Task.WhenAny(_exited, Task.Delay(Grace)).Wait();
    }

    protected override void Release()
    {
        StandardInput?.Dispose();
        StandardOutput.Dispose();
        StandardError.Dispose();
    }

    private static int[] Pipe()
    {
        var fds = new int[2];
        // macOS has no pipe2: there POSIX_SPAWN_CLOEXEC_DEFAULT keeps other children from inheriting the pipe.
        var result = OperatingSystem.IsMacOS() ? pipe(fds) : pipe2(fds, OCloExec);
        return result == 0 ? fds : throw new Win32Exception(Marshal.GetLastPInvokeError());
    }

    private static StreamReader Reader(int fd) =>
        new(new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 1), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    private static int Spawn(ProcessStartInfo start, int? stdin, int stdout, int stderr)
    {
        var strings = new List<IntPtr>();
        var actions = Marshal.AllocHGlobal(OpaqueSize);
        var attributes = Marshal.AllocHGlobal(OpaqueSize);
        var signals = Marshal.AllocHGlobal(OpaqueSize);
        try
        {
            Check(posix_spawn_file_actions_init(actions));
            Check(posix_spawnattr_init(attributes));
            if (stdin is { } input)
            {
                Check(posix_spawn_file_actions_adddup2(actions, input, 0));
            }

            Check(posix_spawn_file_actions_adddup2(actions, stdout, 1));
            Check(posix_spawn_file_actions_adddup2(actions, stderr, 2));
            if (!string.IsNullOrEmpty(start.WorkingDirectory))
            {
                Check(posix_spawn_file_actions_addchdir_np(actions, Utf8(start.WorkingDirectory, strings)));
            }

            var flags = (short)(SpawnSetPgroup | SpawnSetSigDef | SpawnSetSigMask | (OperatingSystem.IsMacOS() ? SpawnCloExecDefault : 0));
            Check(posix_spawnattr_setflags(attributes, flags));
            Check(posix_spawnattr_setpgroup(attributes, 0));
            Check(sigemptyset(signals));
            Check(posix_spawnattr_setsigmask(attributes, signals));
            for (var signal = 1; signal < 32; signal++)
            {
                if (signal != SigKill && signal != SigStop)
                {
                    sigaddset(signals, signal);
                }
            }

            Check(posix_spawnattr_setsigdefault(attributes, signals));

            var path = Path.GetFullPath(start.FileName, string.IsNullOrEmpty(start.WorkingDirectory) ? Environment.CurrentDirectory : start.WorkingDirectory);
            var argv = new[] { start.FileName }.Concat(start.ArgumentList).Select(a => Utf8(a, strings)).Append(IntPtr.Zero).ToArray();
            var envp = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .Select(e => Utf8($"{e.Key}={e.Value}", strings)).Append(IntPtr.Zero).ToArray();
            Check(posix_spawn(out var pid, Utf8(path, strings), actions, attributes, argv, envp));
            return pid;
        }
        finally
        {
            posix_spawn_file_actions_destroy(actions);
            posix_spawnattr_destroy(attributes);
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(signals);
            strings.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    private static IntPtr Utf8(string text, List<IntPtr> owned)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        owned.Add(pointer);
        return pointer;
    }

    // The posix_spawn family returns the error number instead of setting errno.
    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new Win32Exception(error);
        }
    }

    // The wait status as .NET's Process reports it: the exit code, or 128 + the signal that ended the process.
    private int WaitForExit()
    {
        while (true)
        {
            if (waitpid(_pid, out var status, 0) == _pid)
            {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            }

            if (Marshal.GetLastPInvokeError() != EIntr)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }
        }
    }

    private bool Signal(int signal) => kill(-_pid, signal) == 0;

    // Whether a process of the group still runs. A killed grandchild that init does not reap (a container whose PID 1
    // is no init) stays a zombie in the group, which kill(-pgid, 0) still finds: on Linux /proc tells the dead apart.
    private bool HasLiveMembers()
    {
        if (!Signal(0))
        {
            return false;
        }

        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (name) state ppid pgrp ...": the name may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 2 && fields[0] != "Z" && fields[2] == _pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return true;
            }
        }

        return false;
    }
}
