using System.Reflection;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.History;

/// <summary>
/// Judges a hypothesis-only run (<see cref="ExperimentRunOptions.SteadyStateOnly"/>) against the history: each probe's
/// tolerance as the run judged it, then its drift against its own past, and records the run in one transaction. The
/// journal it reads is already redacted, so nothing secret reaches the history.
/// </summary>
public static class SteadyStateCheck
{
    private static readonly string ToolVersion =
        typeof(SteadyStateCheck).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// The verdicts of the run. An interrupted or aborted run is judged but not recorded, so the history never holds
    /// part of a run; its result has no <see cref="SteadyStateCheckResult.History"/>.
    /// </summary>
    public static SteadyStateCheckResult Judge(ExperimentRunResult run, DateTimeOffset startedAt, DateTimeOffset endedAt, HistoryStore store, DriftRule rule)
    {
        var check = run.Journal["experiment"]?["title"]?.GetValue<string>() ?? "untitled";
        var runId = Guid.NewGuid().ToString();
        var probes = new List<SteadyStateRecord>();
        var records = run.Journal["steady_states"]?["before"]?["probes"] as JsonArray ?? [];
        foreach (var record in records.OfType<JsonObject>())
        {
            probes.Add(JudgeProbe(record, check, runId, startedAt, store, rule));
        }

        var verdict = Overall(probes);
        var complete = run.Status is not ("interrupted" or "aborted");
        if (complete)
        {
            store.Record(new CheckRun(check, runId, startedAt, endedAt, verdict, ToolVersion, Environment.MachineName, probes));
        }

        return new SteadyStateCheckResult
        {
            Check = check,
            RunId = runId,
            StartedAt = startedAt,
            EndedAt = endedAt,
            Outcome = verdict,
            Status = run.Status,
            Probes = probes,
            History = complete ? store.Location.Display : null,
            JournalPath = run.JournalError is null ? run.JournalPath : null,
        };
    }

    /// <summary>The worst probe: Broken, then Drifting, then Inconclusive (no probe at all is Inconclusive too).</summary>
    public static CheckVerdict Overall(IReadOnlyCollection<SteadyStateRecord> probes) =>
        probes.Count == 0 ? CheckVerdict.Inconclusive
        : probes.Any(p => p.Outcome == CheckVerdict.Broken) ? CheckVerdict.Broken
        : probes.Any(p => p.Outcome == CheckVerdict.Drifting) ? CheckVerdict.Drifting
        : probes.Any(p => p.Outcome == CheckVerdict.Inconclusive) ? CheckVerdict.Inconclusive
        : CheckVerdict.Steady;

    private static SteadyStateRecord JudgeProbe(JsonObject record, string check, string runId, DateTimeOffset startedAt, HistoryStore store, DriftRule rule)
    {
        var name = record["activity"]?["name"]?.GetValue<string>() ?? "unnamed";
        var result = record["tolerance_result"] as JsonObject;
        // A probe that Ctrl+C or a signal cut short has no status: it measured nothing, so it is not Broken either.
        var interrupted = record["status"] is null;
        var probeFailed = record["status"]?.GetValue<string>() == "failed";
        var met = record["tolerance_met"] is JsonValue m && m.TryGetValue(out bool held) && held;
        var toleranceVerdict = interrupted ? "Inconclusive" : probeFailed ? "Failed" : result?["verdict"]?.GetValue<string>() ?? (met ? "Passed" : "Failed");
        var value = result?["value"] is JsonValue v && v.TryGetValue(out double number) ? number : (double?)null;
        var threshold = result?["threshold"] is JsonValue t && t.TryGetValue(out double limit) ? limit : (double?)null;
        var unit = result?["unit"]?.GetValue<string>();
        var toleranceExplanation = interrupted ? "the probe was interrupted before it finished"
            : probeFailed ? "the probe failed"
            : result?["explanation"]?.GetValue<string>() ?? (met ? "tolerance met" : "tolerance not met");

        var samples = result?["samples"] is JsonArray kept
            ? kept.Select(item => item is JsonValue element && element.TryGetValue(out double sample) ? sample : double.NaN).Where(double.IsFinite).ToArray()
            : [];
        DriftJudgement? drift = null;
        if (value is { } measured && double.IsFinite(measured))
        {
            if (rule == DriftRule.MannWhitney)
            {
                var (runs, baseline) = store.ReadBaselineSamples(check, name, SampleDrift.BaselineRuns);
                drift = SampleDrift.Judge(runs, baseline, samples, measured, threshold, unit);
            }
            else
            {
                var history = store.ReadProbeHistory(check, name, DriftJudge.BaselineRuns);
                drift = DriftJudge.Judge(rule, history.Baseline, measured, threshold, unit, history.LastRule, history.LastStatistic);
            }
        }

        var outcome = toleranceVerdict switch
        {
            "Failed" => CheckVerdict.Broken,
            "Passed" when drift is { Judged: true, Alarm: true } => CheckVerdict.Drifting,
            "Passed" when drift is { Judged: true } => CheckVerdict.Steady,
            // A tolerance that measures nothing (an exit code, a boolean) has no value to drift.
            "Passed" when value is null => CheckVerdict.Steady,
            _ => CheckVerdict.Inconclusive,
        };
        return new SteadyStateRecord
        {
            Check = check,
            RunId = runId,
            StartedAt = startedAt,
            Probe = name,
            Value = value,
            Unit = unit,
            Threshold = threshold,
            ToleranceVerdict = toleranceVerdict,
            Outcome = outcome,
            DriftRule = drift?.Rule?.ToString(),
            DriftStatistic = drift?.Statistic,
            BandLow = drift?.BandLow,
            BandHigh = drift?.BandHigh,
            Samples = samples,
            Explanation = drift is not null ? $"{toleranceExplanation}; {drift.Explanation}"
                : value is null && toleranceVerdict == "Passed" ? $"{toleranceExplanation}; no measured value, so no drift to judge"
                : toleranceExplanation,
        };
    }
}
