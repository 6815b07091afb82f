using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>Runs one dynamic-configuration probe and returns its output; the runner provides it.</summary>
/// <param name="probe">A copy of the probe definition (`{"type": "probe", "name", "provider"}`).</param>
/// <param name="settings">The configuration resolved so far (the keys before this one) and all the secrets.</param>
public delegate Task<JsonNode?> DynamicProbeRunner(JsonObject probe, ExperimentSettings settings, CancellationToken cancellationToken);

/// <summary>
/// chaoslib's `load_dynamic_configuration`: configuration keys are processed in declaration order; a
/// `{"type": "probe", ...}` value runs (without controls or a journal record) and its output becomes the value:
/// a process's stripped stdout when it exits 0, an HTTP `body`, a python or powershell return value. A probe that
/// fails, or a process that exits non-zero, drops its key and is reported. Unlike upstream, the secrets are not
/// written into the probe's provider, so they never reach the journal.
/// </summary>
public static class DynamicConfiguration
{
    public static async Task<ExperimentSettings> ApplyAsync(ExperimentSettings settings, DynamicProbeRunner runProbe, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runProbe);
        ArgumentNullException.ThrowIfNull(warn);
        var resolved = new JsonObject();
        foreach (var (key, value) in settings.Configuration)
        {
            if (value is not JsonObject probe || Text(probe["type"]) != "probe")
            {
                resolved[key] = value?.DeepClone();
                continue;
            }

            JsonNode? output;
            try
            {
                output = await runProbe((JsonObject)probe.DeepClone(), settings.WithConfiguration((JsonObject)resolved.DeepClone()), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                warn($"The dynamic configuration '{ValueExcerpt.Of(key)}' failed to be loaded and is left out: {e.Message}");
                continue;
            }

            switch (Text((probe["provider"] as JsonObject)?["type"]))
            {
                case "process":
                    var result = output as JsonObject;
                    if (result?["status"] is JsonValue status && status.GetValueKind() == JsonValueKind.Number && PythonText.ToDouble(status) == 0)
                    {
                        resolved[key] = JsonValue.Create((Text(result["stdout"]) ?? string.Empty).Trim());
                    }
                    else
                    {
                        warn($"The dynamic configuration '{ValueExcerpt.Of(key)}' failed to be loaded and is left out: its process exited with status {ValueExcerpt.Of(result?["status"])}.");
                    }

                    break;
                case "http":
                    resolved[key] = (output as JsonObject)?["body"]?.DeepClone();
                    break;
                default:
                    resolved[key] = output?.DeepClone();
                    break;
            }
        }

        return settings.WithConfiguration(resolved);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
