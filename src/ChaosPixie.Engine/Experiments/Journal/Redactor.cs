using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Settings;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// Replaces every secret value in text and in JSON strings with <c>***</c>, so that a secret that reached an
/// output, an error or the experiment's own <c>secrets</c> block never leaves the process. A number whose text is a
/// secret (an inline numeric secret, a PIN echoed in a JSON body) becomes the string <c>***</c>: the key stays, the
/// value does not.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***";

    // Longest first, so that a secret containing another is masked whole.
    private readonly string[] _secrets;

    public Redactor(IEnumerable<string> secrets) =>
        _secrets = secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    /// <summary>
    /// A run's redactor: the experiment's secret values, and the Pixie API key of PIXIE_API_KEY, which the chaospixie
    /// functions read in place of the secret <c>api_key</c>, as chaostoolkit-pixie does.
    /// </summary>
    public static Redactor For(ExperimentSettings settings) =>
        new(Pixie.PixieSettings.FromEnvironment().ApiKey is { } key ? settings.SecretValues.Append(key) : settings.SecretValues);

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>A copy of the node with every string (values, not keys) redacted.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        if (_secrets.Length == 0 || node is null)
        {
            return node?.DeepClone();
        }

        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Redact(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(Redact).ToArray());
            case JsonValue value when value.TryGetValue(out string? s):
                return JsonValue.Create(Redact(s));
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number && _secrets.Contains(PythonText.Str(value), StringComparer.Ordinal):
                return JsonValue.Create(Mask);
            default:
                return node.DeepClone();
        }
    }
}
