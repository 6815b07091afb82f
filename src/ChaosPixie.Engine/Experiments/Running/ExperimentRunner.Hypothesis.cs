using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Controls;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Tolerances;

namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>The steady-state hypothesis: probes in order, stopping at the first one that fails or misses its tolerance.</summary>
public sealed partial class ExperimentRunner
{
    // Each probe's values before the method, for its before/after tolerance.
    private readonly BaselineStore _baselines = new();

    // Between before_hypothesis_control and after_hypothesis_control, which gets the state as far as it got.
    /// <param name="phase">before, during or after (the method): where a before/after tolerance is judged.</param>
    /// <param name="journalFromStart">The state goes into the journal's steady_states under <paramref name="phase"/> before any probe runs.</param>
    private HypothesisOutcome RunHypothesis(CancellationToken cancellationToken, string phase, bool journalFromStart = false)
    {
        var records = new JsonArray();
        var state = new JsonObject { ["steady_state_met"] = null, ["probes"] = records };
        if (journalFromStart)
        {
            _journal.SteadyStates[phase] = state;
        }

        var hypothesis = _experiment["steady-state-hypothesis"] as JsonObject;
        HypothesisOutcome outcome = null!;
        _controls.Around(ControlLevel.Hypothesis, hypothesis?["controls"] as JsonArray, hypothesis, () => state, () => outcome = JudgeProbes(state, records, phase, cancellationToken));
        return outcome;
    }

    private HypothesisOutcome JudgeProbes(JsonObject state, JsonArray records, string phase, CancellationToken cancellationToken)
    {
        var met = true;
        var anyFailed = false;
        // By index: a control (repeat) may insert probes into the list as it is walked.
        var probes = HypothesisProbes;
        for (var i = 0; i < probes.Count; i++)
        {
            var item = probes[i];
            var probe = Resolve(item as JsonObject ?? [])
                ?? throw new InvalidOperationException($"referenced activity '{PythonValue.AsString(item?["ref"])}' could not be found in the experiment");
            var record = RunActivity(probe, records, cancellationToken);
            if (record.Failed)
            {
                Log(ExperimentLogLevel.Warning, "Probe terminated unexpectedly, so its tolerance could not be validated");
                record.SetToleranceMet(false);
                met = false;
                anyFailed = true;
                if (_options.SteadyStateOnly)
                {
                    continue;
                }

                break;
            }

            record.SetToleranceMet(true);
            if (IsDry(probe, isProbe: true))
            {
                continue;
            }

            var outcome = Tolerance(probe, record.Output, phase);
            if (outcome.Result is { } result)
            {
                // Only a steady-state check records the samples (in its history); an experiment's journal stays lean.
                if (!_options.SteadyStateOnly)
                {
                    result.Remove("samples");
                }

                record.SetToleranceResult(result);
                Log(ExperimentLogLevel.Information, $"Tolerance of '{PythonValue.AsString(probe["name"])}': {PythonValue.AsString(result["explanation"])}");
            }

            if (!outcome.Met)
            {
                record.SetToleranceMet(false);
                met = false;
                if (!_options.SteadyStateOnly)
                {
                    break;
                }
            }
        }

        state["steady_state_met"] = met;
        if (met)
        {
            Log(ExperimentLogLevel.Information, "Steady state hypothesis is met!");
        }

        return new HypothesisOutcome(state, met, anyFailed);
    }

    private ToleranceOutcome Tolerance(JsonObject probe, JsonNode? output, string phase)
    {
        var name = PythonValue.AsString(probe["name"]);
        try
        {
            var outcome = _tolerances.In(new BaselineScope(_baselines, name ?? string.Empty, phase)).Evaluate(probe["tolerance"], output);
            var measured = PythonValue.AsString(outcome.Result?["explanation"]) is { } explanation ? $": {explanation}" : string.Empty;
            if (outcome.Failure is { } failure)
            {
                Log(ExperimentLogLevel.Warning, $"The tolerance of '{name}' failed: {failure}");
            }

            if (!outcome.Met)
            {
                Log(ExperimentLogLevel.Error, $"=> failed: the value of '{name}' is not within the tolerance{measured}");
            }

            return outcome;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.RegularExpressions.RegexMatchTimeoutException or FormatException)
        {
            // Upstream crashes here; validation rejects what it can see statically, the rest is a miss with a reason.
            Log(ExperimentLogLevel.Error, $"=> the tolerance of '{name}' could not be evaluated: {e.Message}");
            return false;
        }
    }

    private sealed record HypothesisOutcome(JsonObject State, bool Met, bool AnyFailed);

    /// <summary>
    /// The hypothesis re-run during the method every <c>frequency</c> seconds (the wait is between iterations). A miss
    /// never sets deviated; with fail-fast it sets <c>failed</c> and stops the method.
    /// </summary>
    private sealed class ContinuousHypothesis : IDisposable
    {
        private readonly ExperimentRunner _runner;
        private readonly CancellationToken _cancellationToken;
        private readonly ManualResetEventSlim _stop = new();
        private readonly Task _loop;

        public ContinuousHypothesis(ExperimentRunner runner, CancellationToken cancellationToken)
        {
            _runner = runner;
            _cancellationToken = cancellationToken;
            _loop = Task.Run(Loop, CancellationToken.None);
        }

        public void Stop()
        {
            _stop.Set();
            _loop.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();

        private void Loop()
        {
            try
            {
                while (!_stop.IsSet && _runner.CurrentStatus is not (Failed or Aborted or Interrupted))
                {
                    var outcome = _runner.RunHypothesis(_cancellationToken, "during");
                    lock (_runner._gate)
                    {
                        _runner._journal.During.Add(outcome.State);
                    }

                    if (!outcome.Met)
                    {
                        _runner.Log(ExperimentLogLevel.Warning, "Continuous steady state hypothesis is not met");
                        if (_runner._options.FailFast)
                        {
                            _runner.SetStatus(Failed);
                            return;
                        }
                    }

                    WaitHandle.WaitAny([_stop.WaitHandle, _cancellationToken.WaitHandle], TimeSpan.FromSeconds(_runner._options.HypothesisFrequency));
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                _runner.SetStatus(Interrupted);
            }
            catch (ControlInterruptException e)
            {
                // The method sees the status and stops after its current activity.
                _runner.InterruptedByControl(e);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _runner.Log(ExperimentLogLevel.Error, $"The continuous hypothesis was aborted: {e.Message}");
                _runner.SetStatus(Aborted);
            }
        }
    }
}
