using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Controls;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Providers;


namespace ChaosPixie.Engine.Experiments.Running;

/// <summary>One activity: its controls' hooks, its pauses, its dry mode, its provider, and its run record.</summary>
public sealed partial class ExperimentRunner
{
    /// <summary>
    /// Runs an activity between its <c>before_activity_control</c> and <c>after_activity_control</c> (which gets the
    /// record, or null when the activity was cut short). A safeguard's probe is never dry and is not counted as progress.
    /// </summary>
    private RunRecord RunActivity(JsonObject activity, JsonArray records, CancellationToken cancellationToken, ManualResetEventSlim? started = null, bool safeguard = false)
    {
        var own = activity["controls"] as JsonArray;
        RunRecord? done = null;
        try
        {
            // The after hooks run even when a before hook interrupts, as upstream's controls context manager does.
            try
            {
                _controls.Apply(new ControlHook(ControlLevel.Activity, Before: true), own, activity);
            }
            catch
            {
                started?.Set();
                throw;
            }

            done = RunActivityCore(activity, records, cancellationToken, started, safeguard);
            return done;
        }
        finally
        {
            _controls.Apply(new ControlHook(ControlLevel.Activity, Before: false), own, activity, done?.Node);
        }
    }

    private RunRecord RunActivityCore(JsonObject activity, JsonArray records, CancellationToken cancellationToken, ManualResetEventSlim? started, bool safeguard)
    {
        var name = PythonValue.AsString(activity["name"]) ?? string.Empty;
        var isProbe = PythonValue.AsString(activity["type"]) == "probe";
        var dry = !safeguard && IsDry(activity, isProbe);
        var skipPauses = dry || _options.Dry == DryMode.Pause;
        RunRecord? record = null;
        try
        {
            if (!safeguard)
            {
                Progress(null, name);
            }

            if (!skipPauses)
            {
                Pause(activity, "before", cancellationToken);
            }

            record = new RunRecord(activity, DateTimeOffset.UtcNow);
            lock (_gate)
            {
                records.Add(record.Node);
            }
        }
        finally
        {
            // A background activity is "started" once its record exists (or it gave up): the method moves on.
            started?.Set();
        }

        Log(ExperimentLogLevel.Information, $"{(isProbe ? "Probe" : "Action")}: {name}{(dry ? " (dry)" : string.Empty)}");
        var context = Context(name);
        try
        {
            var output = dry ? null : RunProvider(activity, name, context, cancellationToken);
            record.SetRerun(context.Rerun, _redactor);
            record.Succeed(output, _redactor);
            WarnOnErrorStatus(activity, output);
        }
        catch (ActivityFailedException e)
        {
            record.SetRerun(context.Rerun, _redactor);
            var message = _redactor.Redact(e.Message);
            record.Fail(message, e.InnerException is { } inner ? new InvalidOperationException(_redactor.Redact(inner.Message)) : null, e.Traceback?.Select(line => _redactor.Redact(line)));
            Log(ExperimentLogLevel.Error, $"  => failed: {message}");
        }
        finally
        {
            record.End(DateTimeOffset.UtcNow);
            if (!safeguard)
            {
                Interlocked.Increment(ref _completed);
            }
        }

        // The after pause runs even when the activity failed, as upstream's does.
        if (!skipPauses)
        {
            Pause(activity, "after", cancellationToken);
        }

        return record;
    }

    private static JsonNode? RunProvider(JsonObject activity, string name, ActivityContext context, CancellationToken cancellationToken)
    {
        var provider = activity["provider"] as JsonObject
            ?? throw new InvalidOperationException($"activity '{name}' has no provider");
        return ExperimentRegistry.RequireProviderType(provider, name).Run(provider, context, cancellationToken);
    }

    // A probe tolerance's provider runs without a record (and without controls), as upstream's does.
    private JsonNode? RunToleranceProbe(JsonObject provider) =>
        ExperimentRegistry.RequireProviderType(provider, "tolerance").Run(provider, Context("tolerance"), CancellationToken.None);

    /// <summary>
    /// Whether the dry mode skips this activity. Quirk kept from upstream: an activity-level <c>dry</c> key replaces the
    /// global mode, and no JSON value of it names a mode, so such an activity always runs.
    /// </summary>
    private bool IsDry(JsonObject activity, bool isProbe)
    {
        if (activity.ContainsKey("dry") || _options.Dry is not { } mode)
        {
            return false;
        }

        return mode == DryMode.Activities || (mode == DryMode.Probes && isProbe) || (mode == DryMode.Actions && !isProbe);
    }

    private void Pause(JsonObject activity, string which, CancellationToken cancellationToken)
    {
        if (activity["pauses"] is not JsonObject pauses || !pauses.ContainsKey(which))
        {
            return;
        }

        var seconds = PythonValue.AsNumber(Substitute(pauses[which]))
            ?? (double.TryParse(PythonValue.AsString(Substitute(pauses[which])), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0);
        if (seconds <= 0)
        {
            return;
        }

        Log(ExperimentLogLevel.Information, $"Pausing {which} activity for {seconds}s...");
        if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(seconds)))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // Upstream warns (and only warns) about a non-zero exit or an http error when the activity has no tolerance.
    private void WarnOnErrorStatus(JsonObject activity, JsonNode? output)
    {
        if (activity.ContainsKey("tolerance") || output is not JsonObject result || PythonValue.AsNumber(result["status"]) is not { } status)
        {
            return;
        }

        if (ExperimentRegistry.ProviderType(activity["provider"])?.ErrorStatusWarning(status) is { } warning)
        {
            Log(ExperimentLogLevel.Warning, warning);
        }
    }

    /// <summary>A <c>{"ref": name}</c> is the method activity or hypothesis probe of that name; anything else is itself.</summary>
    private JsonObject? Resolve(JsonObject activity)
    {
        if (!activity.ContainsKey("ref"))
        {
            return activity;
        }

        var name = PythonValue.AsString(activity["ref"]);
        return Method.Concat(HypothesisProbes).OfType<JsonObject>()
            .FirstOrDefault(candidate => !candidate.ContainsKey("ref") && PythonValue.AsString(candidate["name"]) == name);
    }

    private bool Confirmed(JsonObject activity)
    {
        if (_options.ConfirmAction is not { } confirm || PythonValue.AsString(activity["type"]) == "probe")
        {
            return true;
        }

        var name = PythonValue.AsString(activity["name"]) ?? string.Empty;
        if (confirm(name, _redactor.Redact(ExperimentPlan.Provider(activity))))
        {
            return true;
        }

        Log(ExperimentLogLevel.Warning, $"Action '{name}' was skipped: not confirmed");
        return false;
    }

    private void Log(ExperimentLogLevel level, string message) => _observer.Log(level, _redactor.Redact(message));

    private void Progress(string? phase, string? activity)
    {
        lock (_gate)
        {
            if (phase is not null)
            {
                _phase = phase;
            }
        }

        _observer.Progress(new ExperimentProgress(_phase, activity is null ? null : _redactor.Redact(activity), Volatile.Read(ref _completed), _total));
    }
}
