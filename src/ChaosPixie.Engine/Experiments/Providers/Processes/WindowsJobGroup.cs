using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChaosPixie.Engine.Experiments.Providers.Processes;

/// <summary>
/// Windows: the child is put in a job object marked KILL_ON_JOB_CLOSE, which every process it starts joins; ending the
/// group is TerminateJobObject, and closing the job's handle (also when this process dies) ends whatever is left.
/// The child is assigned right after it starts: .NET's Process cannot start it suspended, so a process it starts
/// within those first instants would escape the job. Not run here (the tests run on Linux): written to the Win32
/// documentation of CreateJobObject, SetInformationJobObject, AssignProcessToJobObject and TerminateJobObject.
/// </summary>
internal sealed class WindowsJobGroup : ProcessGroup
{
    private const int JobObjectExtendedLimitInformation = 9;
    private const uint KillOnJobClose = 0x2000;
    private readonly Process _process;
    private readonly SafeJobHandle _job;
    private readonly bool _inJob;
    private int _ended;

    public WindowsJobGroup(ProcessStartInfo start)
    {
        _job = CreateJobObjectW(IntPtr.Zero, IntPtr.Zero);
        if (_job.IsInvalid)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }

        var limits = new ExtendedLimitInformation { BasicLimitInformation = new BasicLimitInformation { LimitFlags = KillOnJobClose } };
        if (!SetInformationJobObject(_job, JobObjectExtendedLimitInformation, ref limits, (uint)Marshal.SizeOf<ExtendedLimitInformation>()))
        {
            var error = Marshal.GetLastPInvokeError();
            _job.Dispose();
            throw new Win32Exception(error);
        }

        _process = new Process { StartInfo = start };
        try
        {
            _process.Start();
        }
        catch
        {
            _job.Dispose();
            _process.Dispose();
            throw;
        }

        // Where the job cannot be joined (a job that forbids nesting), the tree is ended as .NET knows it instead.
        _inJob = AssignProcessToJobObject(_job, _process.Handle);
        Exited = WaitForExit();
    }

    public override StreamWriter? StandardInput => _process.StartInfo.RedirectStandardInput ? _process.StandardInput : null;

    public override StreamReader StandardOutput => _process.StandardOutput;

    public override StreamReader StandardError => _process.StandardError;

    public override Task<int> Exited { get; }

    public override void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        if (_inJob)
        {
            TerminateJobObject(_job, 1);
        }
        else
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }
        }

        Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(2))).Wait();
    }

    protected override void Release()
    {
        _job.Dispose();
        _process.Dispose();
    }

    private async Task<int> WaitForExit()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern SafeJobHandle CreateJobObjectW(IntPtr attributes, IntPtr name);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool SetInformationJobObject(SafeJobHandle job, int infoClass, ref ExtendedLimitInformation info, uint length);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool AssignProcessToJobObject(SafeJobHandle job, IntPtr process);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool TerminateJobObject(SafeJobHandle job, uint exitCode);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CloseHandle(IntPtr handle);

    // JOBOBJECT_BASIC_LIMIT_INFORMATION, in its native layout (the sizes vary with the pointer size).
    [StructLayout(LayoutKind.Sequential)]
    private struct BasicLimitInformation
    {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public uint LimitFlags;
        public UIntPtr MinimumWorkingSetSize;
        public UIntPtr MaximumWorkingSetSize;
        public uint ActiveProcessLimit;
        public UIntPtr Affinity;
        public uint PriorityClass;
        public uint SchedulingClass;
    }

    // IO_COUNTERS
    [StructLayout(LayoutKind.Sequential)]
    private struct IoCounters
    {
        public ulong ReadOperationCount;
        public ulong WriteOperationCount;
        public ulong OtherOperationCount;
        public ulong ReadTransferCount;
        public ulong WriteTransferCount;
        public ulong OtherTransferCount;
    }

    // JOBOBJECT_EXTENDED_LIMIT_INFORMATION
    [StructLayout(LayoutKind.Sequential)]
    private struct ExtendedLimitInformation
    {
        public BasicLimitInformation BasicLimitInformation;
        public IoCounters IoInfo;
        public UIntPtr ProcessMemoryLimit;
        public UIntPtr JobMemoryLimit;
        public UIntPtr PeakProcessMemoryUsed;
        public UIntPtr PeakJobMemoryUsed;
    }

    private sealed class SafeJobHandle : Microsoft.Win32.SafeHandles.SafeHandleZeroOrMinusOneIsInvalid
    {
        public SafeJobHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => CloseHandle(handle);
    }
}
