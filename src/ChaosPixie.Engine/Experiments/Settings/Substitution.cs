using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;

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
    /// <summary>
    /// The substituted copy of <paramref name="node"/>. A result deeper, bigger or longer than the
    /// <see cref="DocumentLimits"/> allow (a large value referenced many times) is an <see cref="ExperimentException"/>:
    /// it is refused as it grows, never built whole.
    /// </summary>
    public static JsonNode? Apply(JsonNode? node, ExperimentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Run(settings).Apply(node, 1);
    }

    /// <summary>Substitutes a string and returns text: a lone `${name}` that holds a non-string value gives its Python text.</summary>
    public static string ApplyToString(string text, ExperimentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(settings);
        return PythonText.Str(new Run(settings).SubstituteString(text, 1));
    }

    // One substitution: what it has made so far, checked against the limits as it grows. `level` is the depth a
    // list or mapping made at this place has (the value substituted is level 1).
    private sealed class Run(ExperimentSettings settings)
    {
        private long _values;
        private long _characters;

        public JsonNode? Apply(JsonNode? node, int level)
        {
            switch (node)
            {
                case JsonObject obj:
                    CheckDepth(level, 1, null);
                    Count(1, 0, null);
                    var result = new JsonObject();
                    foreach (var (key, value) in obj)
                    {
                        result[key] = Apply(value, level + 1);
                    }

                    return result;
                case JsonArray array:
                    CheckDepth(level, 1, null);
                    Count(1, 0, null);
                    var items = new JsonArray();
                    foreach (var item in array)
                    {
                        items.Add(Apply(item, level + 1));
                    }

                    return items;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    return SubstituteString(value.GetValue<string>(), level);
                default:
                    Count(1, 0, null);
                    return node?.DeepClone();
            }
        }

        public JsonNode? SubstituteString(string text, int level)
        {
            var lone = Lone().Match(text);
            if (lone.Success && settings.TryLookup(lone.Groups[1].Value, out var typed))
            {
                var name = lone.Groups[1].Value;
                var shape = DocumentShape.Of(typed);
                CheckDepth(level, shape.Height, name);
                Count(shape.Values, shape.Characters, name);
                return typed?.DeepClone();
            }

            Count(1, text.Length, null);
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
                    var replacement = PythonText.Str(value);
                    Count(0, replacement.Length, name);
                    rendered.Append(replacement);
                }
                else
                {
                    rendered.Append(match.Value);
                }
            }

            rendered.Append(text, last, text.Length - last);
            return JsonValue.Create(rendered.ToString());
        }

        private static void CheckDepth(int level, int height, string? name)
        {
            if (height > 0 && level + height - 1 > DocumentLimits.MaxDepth)
            {
                throw Refused(name, $"nested deeper than {DocumentLimits.MaxDepth} levels");
            }
        }

        private void Count(long values, long characters, string? name)
        {
            _values += values;
            _characters += characters;
            if (_values > DocumentLimits.MaxNodes)
            {
                throw Refused(name, $"more than {DocumentLimits.MaxNodes:N0} values");
            }

            if (_characters > DocumentLimits.MaxCharacters)
            {
                throw Refused(name, $"more than {DocumentLimits.MaxCharacters:N0} characters of text");
            }
        }

        private static ExperimentException Refused(string? name, string what) => new(
            ExperimentErrorKind.InvalidExperiment,
            name is null
                ? $"`${{}}` substitution makes a value {what}, which is the limit"
                : $"`${{}}` substitution of '{ValueExcerpt.Of(name)}' makes a value {what}, which is the limit: reference a smaller value, or fewer times");
    }

    [GeneratedRegex(@"^\$\{([_A-Za-z][_A-Za-z0-9]*)\}\z")]
    private static partial Regex Lone();

    // Python's Template pattern: $$, $name, ${name}, or a lone $ (invalid, left as it is).
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_A-Za-z][_A-Za-z0-9]*)|\{(?<braced>[_A-Za-z][_A-Za-z0-9]*)\}|(?<invalid>))")]
    private static partial Regex Placeholder();
}
