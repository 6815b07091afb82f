using System.Runtime.InteropServices;

namespace ChaosPixie.Engine.Experiments.Providers.Processes;

/// <summary>
/// The libc calls <see cref="PosixProcessGroup"/> needs (glibc, musl and macOS export them all). Every argument is an
/// int or a pointer, so nothing is marshalled behind our back; the structures are opaque buffers of
/// <see cref="OpaqueSize"/> bytes, larger than any libc's (glibc's posix_spawnattr_t, the largest, is 336).
/// </summary>
internal static class PosixNative
{
    public const int OpaqueSize = 1024;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int EIntr = 4;

    public static int SigStop => OperatingSystem.IsMacOS() ? 17 : 19;

    // posix_spawnattr flags; the same values on Linux and macOS.
    public const short SpawnSetPgroup = 0x02;
    public const short SpawnSetSigDef = 0x04;
    public const short SpawnSetSigMask = 0x08;

    // macOS only: the child gets no descriptor but those the file actions give it.
    public const short SpawnCloExecDefault = 0x4000;

    // Linux's O_CLOEXEC for pipe2 (x86-64 and arm64).
    public const int OCloExec = 0x80000;

    private const string Libc = "libc";

    [DllImport(Libc, SetLastError = true)]
    public static extern int pipe(int[] fds);

    [DllImport(Libc, SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);

    [DllImport(Libc, SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(Libc)]
    public static extern int posix_spawn_file_actions_init(IntPtr actions);

    [DllImport(Libc)]
    public static extern int posix_spawn_file_actions_destroy(IntPtr actions);

    [DllImport(Libc)]
    public static extern int posix_spawn_file_actions_adddup2(IntPtr actions, int fd, int newFd);

    [DllImport(Libc)]
    public static extern int posix_spawn_file_actions_addchdir_np(IntPtr actions, IntPtr path);

    [DllImport(Libc)]
    public static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport(Libc)]
    public static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport(Libc)]
    public static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport(Libc)]
    public static extern int posix_spawnattr_setpgroup(IntPtr attributes, int processGroup);

    [DllImport(Libc)]
    public static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr signals);

    [DllImport(Libc)]
    public static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport(Libc)]
    public static extern int sigemptyset(IntPtr signals);

    [DllImport(Libc)]
    public static extern int sigaddset(IntPtr signals, int signal);

    [DllImport(Libc)]
    public static extern int posix_spawn(out int pid, IntPtr path, IntPtr actions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [DllImport(Libc, SetLastError = true)]
    public static extern int waitpid(int pid, out int status, int options);

    [DllImport(Libc, SetLastError = true)]
    public static extern int kill(int pid, int signal);
}
