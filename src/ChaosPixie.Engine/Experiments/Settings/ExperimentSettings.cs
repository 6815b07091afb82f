using System.Text.Json;
using System.Text.Json.Nodes;

using ChaosPixie.Engine.Experiments.Python;
namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>
/// The resolved configuration and secrets of a run: what `${name}` substitution looks names up in
/// (configuration first, then each secret scope in declaration order), what activities receive, and the
/// secret values that must be redacted from everything ChaosPixie writes.
/// </summary>
public sealed class ExperimentSettings
{
    public ExperimentSettings(JsonObject configuration, JsonObject secrets, IReadOnlyList<string>? warnings = null)
    {
        Configuration = configuration;
        Secrets = secrets;
        Warnings = warnings ?? [];
    }

    public static ExperimentSettings Empty => new([], []);

    /// <summary>Configuration key -> resolved value (types kept).</summary>
    public JsonObject Configuration { get; }

    /// <summary>Secret scope -> resolved values.</summary>
    public JsonObject Secrets { get; }

    /// <summary>
    /// The text of every string and number held in the secrets (booleans and nulls are not secret text),
    /// for redaction; read when asked, as a control may change the secrets during the run.
    /// </summary>
    public IReadOnlyCollection<string> SecretValues
    {
        get
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            CollectSecretValues(Secrets, values);
            return values;
        }
    }

    /// <summary>Soft problems found while resolving, such as variables that override nothing.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when there is neither configuration nor secrets (upstream skips process-argument substitution then).</summary>
    public bool IsEmpty => Configuration.Count == 0 && Secrets.Count == 0;

    /// <summary>The same secrets with another configuration (the dynamic configuration replaces it).</summary>
    public ExperimentSettings WithConfiguration(JsonObject configuration) => new(configuration, Secrets, Warnings);

    /// <summary>Upstream's lookup chain: configuration first, then the top level of each secret scope in order.</summary>
    public bool TryLookup(string name, out JsonNode? value)
    {
        if (Configuration.TryGetPropertyValue(name, out value))
        {
            return true;
        }

        foreach (var (_, scope) in Secrets)
        {
            if (scope is JsonObject values && values.TryGetPropertyValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    private static void CollectSecretValues(JsonNode? node, HashSet<string> values)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, item) in obj)
                {
                    CollectSecretValues(item, values);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectSecretValues(item, values);
                }

                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number:
                var text = PythonText.Str(value);
                if (text.Length > 0)
                {
                    values.Add(text);
                }

                break;
        }
    }
}
