using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Running;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// One safeguards control of a run. At <c>before_experiment_control</c> it starts its probes in their three forms:
/// pre-checks (neither <c>frequency</c> nor <c>background</c>) run in parallel and the experiment waits for them;
/// <c>background</c> ones run once on their own; repeating ones (<c>frequency</c> seconds) run, wait, then are judged,
/// until the experiment ends. A probe whose tolerance is not met interrupts the run in-process, on every platform
/// (upstream signals its own process, which does nothing on Windows). <c>after_experiment_control</c> stops the loops
/// and waits for running probes. Each declared safeguards control runs its own probes (upstream starts only the first).
/// </summary>
internal sealed class SafeguardsControl : IControl
{
    private readonly ControlRuntime _runtime;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private string _name = "safeguards";

    public SafeguardsControl(ControlRuntime runtime) => _runtime = runtime;

    public void Configure(JsonObject declaration, bool global) => _name = PythonText.Str(declaration["name"]);

    public void Run(ControlHook hook, JsonObject declaration, JsonNode? context, JsonNode? state)
    {
        if (hook.Level != ControlLevel.Experiment)
        {
            return;
        }

        if (hook.Before)
        {
            Start(declaration);
        }
        else
        {
            Stop();
        }
    }

    public void Cleanup()
    {
        Stop();
        _stop.Dispose();
    }

    private void Start(JsonObject declaration)
    {
        _name = PythonText.Str(declaration["name"]);
        var arguments = _runtime.Substitute(declaration["provider"]?["arguments"]) as JsonObject;
        var preChecks = new List<JsonObject>();
        foreach (var probe in (arguments?["probes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (PythonValue.IsTruthy(probe["frequency"]))
            {
                var seconds = PythonValue.AsNumber(probe["frequency"]) ?? 1.0;
                _running.Add(Task.Run(() => Repeat(probe, TimeSpan.FromSeconds(seconds)), CancellationToken.None));
            }
            else if (probe["background"] is JsonValue background && background.TryGetValue(out bool isBackground) && isBackground)
            {
                _running.Add(Task.Run(() => Judge(probe, Check(probe)), CancellationToken.None));
            }
            else
            {
                preChecks.Add(probe);
            }
        }

        // The experiment waits until every pre-check has run; they are judged at once after that.
        var checks = preChecks.Select(p => Task.Run(() => Check(p), CancellationToken.None)).ToArray();
        Task.WaitAll(checks, CancellationToken.None);
        for (var i = 0; i < checks.Length; i++)
        {
            Judge(preChecks[i], checks[i].Result);
        }
    }

    // Execute, wait the frequency, then judge that execution, until the experiment ends or is interrupted.
    private void Repeat(JsonObject probe, TimeSpan frequency)
    {
        while (!_stop.IsCancellationRequested && !_runtime.RunToken.IsCancellationRequested)
        {
            var verdict = Check(probe);
            if (WaitHandle.WaitAny([_stop.Token.WaitHandle, _runtime.RunToken.WaitHandle], frequency) != WaitHandle.WaitTimeout)
            {
                return;
            }

            Judge(probe, verdict);
        }
    }

    // Null when the tolerance is met; a probe that could not run at all fails its safeguard too.
    private string? Check(JsonObject probe)
    {
        try
        {
            return _runtime.CheckProbe(probe, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"the probe could not run: {e.Message}";
        }
    }

    private void Judge(JsonObject probe, string? failure)
    {
        if (failure is not null)
        {
            _runtime.Interrupt(_name, PythonText.Str(probe["name"] ?? probe["ref"]), failure);
        }
    }

    private void Stop()
    {
        _stop.Cancel();
        foreach (var task in _running)
        {
            task.GetAwaiter().GetResult();
        }

        _running.Clear();
    }
}
