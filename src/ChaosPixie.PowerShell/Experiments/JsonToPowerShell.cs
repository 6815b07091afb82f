using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>JSON values to and from what PowerShell users handle: objects as PSCustomObjects, arrays as object[], numbers as long or double.</summary>
internal static class JsonToPowerShell
{
    public static object? ToPowerShell(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var result = new PSObject();
                foreach (var (key, value) in obj)
                {
                    result.Properties.Add(new PSNoteProperty(key, ToPowerShell(value)));
                }

                return result;
            case JsonArray array:
                return array.Select(ToPowerShell).ToArray();
            default:
                var scalar = (JsonValue)node;
                return scalar.GetValueKind() switch
                {
                    JsonValueKind.String => scalar.GetValue<string>(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => Number(scalar.ToJsonString()),
                    _ => null,
                };
        }
    }

    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : (object)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A JSON value as a splattable .NET value: hashtables, arrays, strings, numbers, booleans.</summary>
    public static object? ToClr(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in obj)
                {
                    table[key] = ToClr(value);
                }

                return table;
            case JsonArray array:
                return array.Select(ToClr).ToArray();
            default:
                return ToPowerShell(node);
        }
    }

    /// <summary>
    /// A PowerShell value (a <c>-Variable</c> entry) as JSON: dictionaries as objects, collections as arrays. A value
    /// nested deeper than an experiment may be (a hashtable that holds itself) is an <see cref="ExperimentException"/>.
    /// </summary>
    public static JsonNode? FromPowerShell(object? value) => FromPowerShell(value, 1);

    private static JsonNode? FromPowerShell(object? value, int level)
    {
        var unwrapped = value is PSObject ps ? ps.BaseObject : value;
        switch (unwrapped)
        {
            case null:
                return null;
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case SwitchParameter sw:
                return JsonValue.Create(sw.IsPresent);
            case byte or sbyte or short or ushort or int or uint or long:
                return JsonValue.Create(Convert.ToInt64(unwrapped, CultureInfo.InvariantCulture));
            case float or double or decimal:
                return JsonValue.Create(Convert.ToDouble(unwrapped, CultureInfo.InvariantCulture));
            case IDictionary or IEnumerable when level > DocumentLimits.MaxDepth:
                throw new ExperimentException(ExperimentErrorKind.InvalidVariable, $"a variable value is nested deeper than {DocumentLimits.MaxDepth} levels (does it hold itself?), which is the limit");
            case IDictionary dictionary:
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = FromPowerShell(entry.Value, level + 1);
                }

                return obj;
            case IEnumerable items:
                return new JsonArray(items.Cast<object?>().Select(item => FromPowerShell(item, level + 1)).ToArray());
            default:
                return JsonValue.Create(Convert.ToString(unwrapped, CultureInfo.InvariantCulture));
        }
    }
}
