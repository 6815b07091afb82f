using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>
/// Runs one dynamic-configuration probe and returns the value its provider type makes of the output; throws to leave
/// the key out. The runner provides it.
/// </summary>
/// <param name="key">The configuration key the probe gives a value to.</param>
/// <param name="probe">A copy of the probe definition (`{"type": "probe", "name", "provider"}`).</param>
/// <param name="settings">The configuration resolved so far (the keys before this one) and all the secrets.</param>
public delegate Task<JsonNode?> DynamicProbeRunner(string key, JsonObject probe, ExperimentSettings settings, CancellationToken cancellationToken);

/// <summary>
/// chaoslib's `load_dynamic_configuration`: configuration keys are processed in declaration order; a
/// `{"type": "probe", ...}` value runs (without controls or a journal record) and its output becomes the value, as
/// its provider type reads it: a process's stripped stdout when it exits 0, an HTTP `body`, a python or powershell
/// return value. A probe that fails, or a process that exits non-zero, drops its key and is reported. Unlike upstream, the secrets are not
/// written into the probe's provider, so they never reach the journal.
/// </summary>
public static class DynamicConfiguration
{
    /// <summary>
    /// The name a configuration probe's evidence is recorded under, <c>configuration.&lt;key&gt;</c>: apart from the
    /// hypothesis's probes, whatever the probe is called.
    /// </summary>
    public static string EvidenceName(string key) => $"configuration.{key}";

    public static async Task<ExperimentSettings> ApplyAsync(ExperimentSettings settings, DynamicProbeRunner runProbe, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runProbe);
        ArgumentNullException.ThrowIfNull(warn);
        var resolved = new JsonObject();
        foreach (var (key, value) in settings.Configuration)
        {
            if (value is not JsonObject probe || PythonValue.AsString(probe["type"]) != "probe")
            {
                resolved[key] = value?.DeepClone();
                continue;
            }

            try
            {
                var configured = await runProbe(key, (JsonObject)probe.DeepClone(), settings.WithConfiguration((JsonObject)resolved.DeepClone()), cancellationToken).ConfigureAwait(false);
                resolved[key] = configured?.DeepClone();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                warn($"The dynamic configuration '{ValueExcerpt.Of(key)}' failed to be loaded and is left out: {e.Message}");
            }
        }

        return settings.WithConfiguration(resolved);
    }
}
