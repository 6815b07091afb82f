using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers.Processes;

namespace ChaosPixie.Engine.Experiments.Providers.Bridge;

/// <summary>
/// The one Python process of a run (docs/architecture.md, "The Python bridge"): the bridge script, started on the
/// first python activity that chaostoolkit-pixie does not run natively, in a <see cref="ProcessGroup"/> of its own, so
/// that a timeout, an interruption or the end of the run ends it with everything it started. One JSON request and one
/// JSON answer per line; calls take turns. A call that times out or is cancelled ends the process, and the next call
/// starts a new one (modules are then imported again). Disposing ends it.
/// </summary>
public sealed class PythonBridge : IDisposable
{
    private const int StderrLines = 20;
    private readonly string _script;
    private readonly string? _workingDirectory;
    private readonly object _gate = new();
    private readonly Queue<string> _stderr = new();
    private ProcessGroup? _group;
    private Task _drain = Task.CompletedTask;
    private bool _disposed;

    /// <param name="interpreter">The Python 3 interpreter (<see cref="PythonInterpreter.Find"/>).</param>
    /// <param name="script">The bridge script shipped with the module.</param>
    /// <param name="workingDirectory">Where the bridge runs (the run's working directory); null is this process's.</param>
    public PythonBridge(string interpreter, string script, string? workingDirectory)
    {
        Interpreter = interpreter;
        _script = script;
        _workingDirectory = workingDirectory;
    }

    public string Interpreter { get; }

    /// <summary>Checks a function as <c>chaos validate</c> does; the answer's <c>problem</c> says what is wrong, if anything.</summary>
    internal JsonObject Validate(string module, string function, JsonObject? arguments, CancellationToken cancellationToken) =>
        Exchange(new JsonObject { ["op"] = "validate", ["module"] = module, ["func"] = function, ["arguments"] = arguments?.DeepClone() }, null, cancellationToken);

    /// <summary>Calls a function; the answer holds its <c>output</c>, or what went wrong.</summary>
    internal JsonObject Call(JsonObject request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        request["op"] = "call";
        return Exchange(request, timeout, cancellationToken);
    }

    /// <summary>Checks a python control as <c>chaos validate</c> does (import, then the module's <c>validate_control</c>).</summary>
    internal JsonObject ValidateControl(string module, JsonObject control, CancellationToken cancellationToken) =>
        Exchange(new JsonObject { ["op"] = "validate_control", ["module"] = module, ["control"] = control.DeepClone() }, null, cancellationToken);

    /// <summary>
    /// Calls one hook of a python control; the answer holds what the hook changed of the objects it was handed. A
    /// cancellation cuts the hook short as it cuts an activity (the process ends; the next call starts a new one).
    /// </summary>
    internal JsonObject Control(JsonObject request, CancellationToken cancellationToken)
    {
        request["op"] = "control";
        return Exchange(request, null, cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Stop();
        }
    }

    private JsonObject Exchange(JsonObject request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var group = _group ?? Start(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout is { } t)
            {
                limit.CancelAfter(t);
            }

            var answer = Read(group, () => group.StandardInput!.WriteLine(request.ToJsonString()), limit.Token, cancellationToken, timeout);
            return answer as JsonObject ?? throw Broken($"the Python bridge answered '{ValueExcerpt.Of(answer?.ToJsonString())}' instead of an object");
        }
    }

    private ProcessGroup Start(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = Interpreter,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(_script);
        if (_workingDirectory is not null)
        {
            start.WorkingDirectory = _workingDirectory;
        }

        try
        {
            _group = ProcessGroup.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PythonBridgeException($"the Python interpreter '{Interpreter}' could not be started: {e.Message}", e);
        }

        lock (_stderr)
        {
            _stderr.Clear();
        }

        _drain = DrainStderr(_group.StandardError);
        var hello = Read(_group, null, cancellationToken, cancellationToken, null) as JsonObject;
        var version = hello?["python"]?.GetValue<string>() ?? string.Empty;
        if (!version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw Broken($"'{Interpreter}' is Python '{ValueExcerpt.Of(version)}', not Python 3");
        }

        return _group;
    }

    // One line from the bridge, after sending one when there is something to send. A timeout or a cancellation ends
    // the process (its pipe then closes, which ends the pending read).
    private JsonNode? Read(ProcessGroup group, Action? send, CancellationToken limit, CancellationToken cancellationToken, TimeSpan? timeout)
    {
        string? line;
        var pending = Task.Run(() =>
        {
            send?.Invoke();
            return group.StandardOutput.ReadLine();
        }, CancellationToken.None);
        try
        {
            line = pending.WaitAsync(limit).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Stop();
            cancellationToken.ThrowIfCancellationRequested();
            throw new ActivityFailedException($"python activity took too long to complete (timeout {timeout?.TotalSeconds}s): its Python bridge was ended, and the next python activity starts a new one");
        }
        catch (IOException e)
        {
            throw Broken($"the Python bridge could not be reached: {e.Message}");
        }

        if (line is null)
        {
            throw Broken("the Python bridge ended");
        }

        try
        {
            return JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            throw Broken($"the Python bridge answered '{ValueExcerpt.Of(line)}', which is not JSON");
        }
    }

    private PythonBridgeException Broken(string what)
    {
        // Ended, the bridge closes its stderr: read it to the end for the lines that say why it broke off.
        _group?.End();
        _drain.Wait(TimeSpan.FromSeconds(2));
        Stop();
        string tail;
        lock (_stderr)
        {
            tail = string.Join('\n', _stderr);
        }

        return new PythonBridgeException(tail.Length == 0 ? $"{what}." : $"{what}; its last lines on stderr:\n{tail}");
    }

    private void Stop()
    {
        var group = Interlocked.Exchange(ref _group, null);
        group?.Dispose();
    }

    // The extensions' own prints go to the bridge's stderr: read all of it (a full pipe would block the bridge), keep the last lines for errors.
    private async Task DrainStderr(StreamReader stderr)
    {
        try
        {
            while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_stderr)
                {
                    _stderr.Enqueue(line);
                    if (_stderr.Count > StderrLines)
                    {
                        _stderr.Dequeue();
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The bridge was ended while its stderr was being read.
        }
    }
}
