using System.Runtime.InteropServices;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>
/// While a run is in progress, SIGTERM, SIGHUP and SIGINT (on Windows also Ctrl+Break, and closing the console) no
/// longer end the process at once: the first one interrupts the run (<see cref="Interrupt"/>), whose rollbacks and
/// journal still follow; a second one cuts those rollbacks short (<see cref="Abandon"/>), and the journal is still
/// written. Disposing gives the signals back their default action. What the process does once the run is over is the
/// caller's decision (<see cref="Received"/>, <see cref="ExitCode"/>).
/// </summary>
public sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private PosixSignal? _received;
    private bool _disposed;

    public InterruptSignals()
    {
        PosixSignal[] signals = OperatingSystem.IsWindows()
            ? [PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP, PosixSignal.SIGTERM]
            : [PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGTERM];
        foreach (var signal in signals)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
        }
    }

    public CancellationToken Interrupt => _interrupt.Token;

    public CancellationToken Abandon => _abandon.Token;

    /// <summary>The first signal that arrived, or null.</summary>
    public PosixSignal? Received
    {
        get
        {
            lock (_registrations)
            {
                return _received;
            }
        }
    }

    /// <summary>The shell's code for a process a signal ended: 128 + its number (143 for SIGTERM, 129 SIGHUP, 130 SIGINT).</summary>
    public static int ExitCode(PosixSignal signal) => 128 + signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    public void Dispose()
    {
        lock (_registrations)
        {
            // A handler already running sees this and leaves the signal its default action.
            _disposed = true;
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }
        }

        _interrupt.Dispose();
        _abandon.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        lock (_registrations)
        {
            if (_disposed)
            {
                return;
            }

            context.Cancel = true;
            if (_received is null)
            {
                _received = context.Signal;
                _interrupt.Cancel();
            }
            else
            {
                _abandon.Cancel();
            }
        }
    }
}
