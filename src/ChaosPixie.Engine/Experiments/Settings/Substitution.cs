using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>
/// `${name}` substitution with chaoslib's rules, which are Python `string.Template.safe_substitute`'s plus one
/// typed shortcut: a string that is exactly `${name}` becomes the value itself, type kept; any other string is
/// rendered as text, where `${name}` and bare `$name` are replaced by the value's Python text, `$$` becomes `$`,
/// and unknown names or malformed forms stay as written. Names are ASCII identifiers, so `${my-key}` stays literal.
/// Dict values and list items are substituted at any depth, dict keys never. The input is never modified.
/// </summary>
public static partial class Substitution
{
    public static JsonNode? Apply(JsonNode? node, ExperimentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return node switch
        {
            JsonObject obj => SubstituteObject(obj, settings),
            JsonArray array => SubstituteArray(array, settings),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => SubstituteString(value.GetValue<string>(), settings),
            _ => node?.DeepClone(),
        };
    }

    /// <summary>Substitutes a string and returns text: a lone `${name}` that holds a non-string value gives its Python text.</summary>
    public static string ApplyToString(string text, ExperimentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PythonText.Str(SubstituteString(text, settings));
    }

    private static JsonObject SubstituteObject(JsonObject obj, ExperimentSettings settings)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            result[key] = Apply(value, settings);
        }

        return result;
    }

    private static JsonArray SubstituteArray(JsonArray array, ExperimentSettings settings)
    {
        var result = new JsonArray();
        foreach (var item in array)
        {
            result.Add(Apply(item, settings));
        }

        return result;
    }

    private static JsonNode? SubstituteString(string text, ExperimentSettings settings)
    {
        var lone = Lone().Match(text);
        if (lone.Success && settings.TryLookup(lone.Groups[1].Value, out var typed))
        {
            return typed?.DeepClone();
        }

        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return JsonValue.Create(text);
        }

        var rendered = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            rendered.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            if (match.Groups["escaped"].Success)
            {
                rendered.Append('$');
                continue;
            }

            var name = match.Groups["named"].Success ? match.Groups["named"].Value : match.Groups["braced"].Value;
            if (name.Length > 0 && settings.TryLookup(name, out var value))
            {
                rendered.Append(PythonText.Str(value));
            }
            else
            {
                rendered.Append(match.Value);
            }
        }

        rendered.Append(text, last, text.Length - last);
        return JsonValue.Create(rendered.ToString());
    }

    [GeneratedRegex(@"^\$\{([_A-Za-z][_A-Za-z0-9]*)\}\z")]
    private static partial Regex Lone();

    // Python's Template pattern: $$, $name, ${name}, or a lone $ (invalid, left as it is).
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_A-Za-z][_A-Za-z0-9]*)|\{(?<braced>[_A-Za-z][_A-Za-z0-9]*)\}|(?<invalid>))")]
    private static partial Regex Placeholder();
}
