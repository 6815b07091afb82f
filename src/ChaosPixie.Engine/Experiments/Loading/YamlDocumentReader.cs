using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosPixie.Engine.Experiments.Settings;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Reads YAML into the document model as PyYAML's `safe_load` does (YAML 1.1 scalars: `yes`/`on` are booleans,
/// `0o`-less octals, `1e5` is a string), from parser events, so that no type is ever constructed from a tag:
/// any tag other than the standard scalar and collection ones is rejected, as `safe_load` rejects
/// `!!python/object`. Duplicate keys keep their first position and last value; `<<` merge keys are applied.
/// </summary>
internal static partial class YamlDocumentReader
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses <paramref name="text"/>; an error becomes an <see cref="ExperimentException"/> that starts with <paramref name="messagePrefix"/>.</summary>
    public static JsonNode? Read(string text, string messagePrefix)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var root = ReadNode(parser, anchors);
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                throw new YamlException(parser.Current!.Start, parser.Current.End, "expected a single document in the stream, but found another document");
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new ExperimentException(
                ExperimentErrorKind.ParseError,
                $"{messagePrefix}{Reason(e)} (line {e.Start.Line}, column {e.Start.Column})",
                DocumentPath.Root,
                e);
        }
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"found undefined alias '{alias.Value.Value}'");
        }

        JsonNode? node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = ReadScalar(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            RequireTag(sequence.Tag, "seq", sequence);
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors));
            }

            node = array;
        }
        else
        {
            var mapping = parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            RequireTag(mapping.Tag, "map", mapping);
            node = ReadMapping(parser, anchors, mapping);
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node?.DeepClone();
        }

        return node;
    }

    private static JsonObject ReadMapping(IParser parser, Dictionary<string, JsonNode?> anchors, MappingStart start)
    {
        var merged = new List<KeyValuePair<string, JsonNode?>>();
        var own = new List<KeyValuePair<string, JsonNode?>>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var isMerge = parser.Current is Scalar { Value: "<<", Style: ScalarStyle.Plain } keyScalar
                && (keyScalar.Tag.IsEmpty || keyScalar.Tag.Value == TagPrefix + "merge");
            var key = ReadNode(parser, anchors);
            var value = ReadNode(parser, anchors);
            if (isMerge)
            {
                merged.InsertRange(0, MergeSources(value, start));
            }
            else
            {
                own.Add(new(KeyText(key, start), value));
            }
        }

        // PyYAML puts the merged keys first and lets the mapping's own keys override them.
        var result = new JsonObject();
        foreach (var (key, value) in merged.Concat(own))
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    // The sources of a merge key, in PyYAML's order: with a list, the first mapping listed wins.
    private static IEnumerable<KeyValuePair<string, JsonNode?>> MergeSources(JsonNode? value, MappingStart start) => value switch
    {
        JsonObject obj => obj.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)).ToList(),
        JsonArray list when list.All(item => item is JsonObject) => list.Reverse().SelectMany(item => MergeSources(item, start)).ToList(),
        _ => throw new YamlException(start.Start, start.End, "while constructing a mapping, expected a mapping or list of mappings for merging"),
    };

    // Python dict keys are typed; the JSON form of the experiment (the journal) writes them as JSON does.
    private static string KeyText(JsonNode? key, MappingStart start) => key switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => throw new YamlException(start.Start, start.End, "while constructing a mapping, found unhashable key"),
    };

    private static void RequireTag(TagName tag, string standard, ParsingEvent at)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != TagPrefix + standard)
        {
            throw new YamlException(at.Start, at.End, $"could not determine a constructor for the tag '{tag.Value}'");
        }
    }

    private static JsonNode? ReadScalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return scalar.Tag.Value switch
            {
                TagPrefix + "str" => JsonValue.Create(text),
                TagPrefix + "null" => null,
                TagPrefix + "bool" => Bool().IsMatch(text) ? JsonValue.Create(IsTrue(text)) : Fail(scalar, "bool"),
                TagPrefix + "int" => Int().IsMatch(text) ? ParseInt(text) : Fail(scalar, "int"),
                TagPrefix + "float" => Float().IsMatch(text) || Int().IsMatch(text) ? ParseFloat(text) : Fail(scalar, "float"),
                TagPrefix + "timestamp" => JsonValue.Create(text),
                _ => throw new YamlException(scalar.Start, scalar.End, $"could not determine a constructor for the tag '{scalar.Tag.Value}'"),
            };
        }

        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
        {
            return JsonValue.Create(text);
        }

        if (Null().IsMatch(text))
        {
            return null;
        }

        if (Bool().IsMatch(text))
        {
            return JsonValue.Create(IsTrue(text));
        }

        if (Int().IsMatch(text))
        {
            return ParseInt(text);
        }

        return Float().IsMatch(text) ? ParseFloat(text) : JsonValue.Create(text);
    }

    private static JsonNode Fail(Scalar scalar, string type) =>
        throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a valid {type}");

    private static bool IsTrue(string text) => text[0] is 'y' or 'Y' or 't' or 'T' || text is "on" or "On" or "ON";

    private static JsonNode ParseInt(string text)
    {
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = value[0] == '-';
        if (value[0] is '-' or '+')
        {
            value = value[1..];
        }

        BigInteger result;
        if (value.StartsWith("0b", StringComparison.Ordinal))
        {
            result = Digits(value[2..], 2);
        }
        else if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            result = BigInteger.Parse("0" + value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else if (value.Contains(':', StringComparison.Ordinal))
        {
            result = value.Split(':').Aggregate(BigInteger.Zero, (sum, part) => (sum * 60) + BigInteger.Parse(part, CultureInfo.InvariantCulture));
        }
        else if (value.Length > 1 && value[0] == '0')
        {
            result = Digits(value[1..], 8);
        }
        else
        {
            result = BigInteger.Parse(value, CultureInfo.InvariantCulture);
        }

        return JsonNode.Parse((negative ? -result : result).ToString(CultureInfo.InvariantCulture))!;
    }

    private static BigInteger Digits(string digits, int radix) =>
        digits.Aggregate(BigInteger.Zero, (sum, digit) => (sum * radix) + (digit - '0'));

    private static JsonNode ParseFloat(string text)
    {
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var negative = value[0] == '-';
        if (value[0] is '-' or '+')
        {
            value = value[1..];
        }

        double result;
        if (value == ".inf" || value == ".nan")
        {
            // JSON has no infinity or NaN: keep Python's text of the value.
            return JsonValue.Create(PythonText.FormatFloat(value == ".nan" ? double.NaN : negative ? double.NegativeInfinity : double.PositiveInfinity));
        }
        else if (value.Contains(':', StringComparison.Ordinal))
        {
            result = value.Split(':').Aggregate(0.0, (sum, part) => (sum * 60) + double.Parse(part, CultureInfo.InvariantCulture));
        }
        else
        {
            result = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return JsonNode.Parse(PythonText.FormatFloat(negative ? -result : result))!;
    }

    // YamlDotNet prefixes its messages with both marks; the caller adds the line and column once.
    private static string Reason(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, string.Empty);
        return e.InnerException is YamlException inner && message.Length == 0 ? Reason(inner) : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex("^(?:~|null|Null|NULL|)$")]
    private static partial Regex Null();

    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Bool();

    [GeneratedRegex("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")]
    private static partial Regex Int();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex Float();
}
