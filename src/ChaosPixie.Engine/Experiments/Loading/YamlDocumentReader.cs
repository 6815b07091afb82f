using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosPixie.Engine.Experiments.Python;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Reads YAML into the document model as PyYAML's `safe_load` does (YAML 1.1 scalars: `yes`/`on` are booleans,
/// `0o`-less octals, `1e5` is a string), from parser events, so that no type is ever constructed from a tag:
/// any tag other than the standard scalar and collection ones is rejected, as `safe_load` rejects
/// `!!python/object`. Duplicate keys keep their first position and last value; `<<` merge keys are applied.
/// Aliases share the node they name while the document is read, and each node knows its size and height once
/// expanded, so that a "billion laughs" is refused from its sizes (<see cref="DocumentLimits"/>) before anything is
/// copied, and the document is copied out only once it is known to fit.
/// </summary>
internal static partial class YamlDocumentReader
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses <paramref name="text"/>; an error becomes an <see cref="ExperimentException"/> that starts with <paramref name="messagePrefix"/>.</summary>
    public static JsonNode? Read(string text, string messagePrefix)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, Node>(StringComparer.Ordinal);
            var root = ReadNode(parser, anchors, new Budget(), 1);
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                throw new YamlException(parser.Current!.Start, parser.Current.End, "expected a single document in the stream, but found another document");
            }

            return root.ToJson();
        }
        catch (YamlException e)
        {
            throw new ExperimentException(
                ExperimentErrorKind.ParseError,
                $"{messagePrefix}{Reason(e)} (line {e.Start.Line}, column {e.Start.Column})",
                DocumentPath.Root,
                e);
        }
        catch (InvalidOperationException e) when (e.Source == "YamlDotNet")
        {
            // YamlDotNet's scanner fails so on some malformed input (a flow collection left open); the last event it
            // read is as near to the fault as it tells.
            var near = parser.Current?.End ?? Mark.Empty;
            throw new ExperimentException(
                ExperimentErrorKind.ParseError,
                $"{messagePrefix}the YAML is not well formed after this point, perhaps a '[' or '{{' that is not closed (line {near.Line}, column {near.Column})",
                DocumentPath.Root,
                e);
        }
    }

    // `level` is the depth a collection read here would have; it is checked before going one level deeper, so
    // that the recursion stops at DocumentLimits.MaxDepth whatever the input.
    private static Node ReadNode(IParser parser, Dictionary<string, Node> anchors, Budget budget, int level)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"found undefined alias '{ValueExcerpt.Of(alias.Value.Value)}'");
            }

            if (level + target.Height - 1 > DocumentLimits.MaxDepth)
            {
                throw TooDeep(alias);
            }

            budget.Spend(target.Size, target.Characters, alias);
            return target;
        }

        Node node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            budget.Spend(1, scalar.Value.Length, scalar);
            node = new ScalarNode(ReadScalar(scalar), scalar.Value.Length);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            RequireTag(sequence.Tag, "seq", sequence);
            CheckLevel(level, sequence);
            budget.Spend(1, 0, sequence);
            var items = new List<Node>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors, budget, level + 1));
            }

            node = new SequenceNode(items);
        }
        else
        {
            var mapping = parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            RequireTag(mapping.Tag, "map", mapping);
            CheckLevel(level, mapping);
            budget.Spend(1, 0, mapping);
            node = ReadMapping(parser, anchors, budget, mapping, level);
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static MappingNode ReadMapping(IParser parser, Dictionary<string, Node> anchors, Budget budget, MappingStart start, int level)
    {
        var merged = new List<KeyValuePair<string, Node>>();
        var own = new List<KeyValuePair<string, Node>>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var isMerge = parser.Current is Scalar { Value: "<<", Style: ScalarStyle.Plain } keyScalar
                && (keyScalar.Tag.IsEmpty || keyScalar.Tag.Value == TagPrefix + "merge");
            var key = ReadNode(parser, anchors, budget, level + 1);
            var value = ReadNode(parser, anchors, budget, level + 1);
            if (isMerge)
            {
                merged.InsertRange(0, MergeSources(value, start));
            }
            else
            {
                own.Add(new(KeyText(key, start), value));
            }
        }

        // PyYAML puts the merged keys first and lets the mapping's own keys override them: a key keeps its first
        // position and its last value.
        var entries = new List<KeyValuePair<string, Node>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in merged.Concat(own))
        {
            if (positions.TryGetValue(entry.Key, out var position))
            {
                entries[position] = entry;
            }
            else
            {
                positions[entry.Key] = entries.Count;
                entries.Add(entry);
            }
        }

        return new MappingNode(entries);
    }

    // The sources of a merge key, in PyYAML's order: with a list, the first mapping listed wins.
    private static List<KeyValuePair<string, Node>> MergeSources(Node value, MappingStart start) => value switch
    {
        MappingNode mapping => mapping.Entries,
        SequenceNode list when list.Items.All(item => item is MappingNode) => list.Items.AsEnumerable().Reverse().SelectMany(item => ((MappingNode)item).Entries).ToList(),
        _ => throw new YamlException(start.Start, start.End, "while constructing a mapping, expected a mapping or list of mappings for merging"),
    };

    // Python dict keys are typed; the JSON form of the experiment (the journal) writes them as JSON does.
    private static string KeyText(Node key, MappingStart start) => key switch
    {
        ScalarNode { Value: null } => "null",
        ScalarNode { Value: JsonValue value } when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        ScalarNode { Value: JsonValue value } => value.ToJsonString(),
        _ => throw new YamlException(start.Start, start.End, "while constructing a mapping, found unhashable key"),
    };

    private static void CheckLevel(int level, ParsingEvent at)
    {
        if (level > DocumentLimits.MaxDepth)
        {
            throw TooDeep(at);
        }
    }

    private static YamlException TooDeep(ParsingEvent at) =>
        new(at.Start, at.End, $"the document is nested deeper than {DocumentLimits.MaxDepth} levels (aliases included), which is the limit");

    private static void RequireTag(TagName tag, string standard, ParsingEvent at)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != TagPrefix + standard)
        {
            throw new YamlException(at.Start, at.End, $"could not determine a constructor for the tag '{ValueExcerpt.Of(tag.Value)}'");
        }
    }

    private static JsonNode? ReadScalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (DocumentText.LoneSurrogate(text) is { } at)
        {
            throw new YamlException(scalar.Start, scalar.End, $"a string holds a lone UTF-16 surrogate (\\u{(int)text[at]:x4}), which is not text");
        }

        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return scalar.Tag.Value switch
            {
                TagPrefix + "str" => JsonValue.Create(text),
                TagPrefix + "null" => null,
                TagPrefix + "bool" => Bool().IsMatch(text) ? JsonValue.Create(IsTrue(text)) : Fail(scalar, "bool"),
                TagPrefix + "int" => Int().IsMatch(text) ? ParseInt(Number(scalar)) : Fail(scalar, "int"),
                TagPrefix + "float" => Float().IsMatch(text) || Int().IsMatch(text) ? ParseFloat(Number(scalar)) : Fail(scalar, "float"),
                TagPrefix + "timestamp" => JsonValue.Create(text),
                _ => throw new YamlException(scalar.Start, scalar.End, $"could not determine a constructor for the tag '{ValueExcerpt.Of(scalar.Tag.Value)}'"),
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
            return ParseInt(Number(scalar));
        }

        return Float().IsMatch(text) ? ParseFloat(Number(scalar)) : JsonValue.Create(text);
    }

    private static JsonNode Fail(Scalar scalar, string type) =>
        throw new YamlException(scalar.Start, scalar.End, $"'{ValueExcerpt.Of(scalar.Value)}' is not a valid {type}");

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

    // The text of a scalar that is a number: a number longer than the limit is refused where it is.
    private static string Number(Scalar scalar) => scalar.Value.Length > DocumentLimits.MaxNumberLength
        ? throw new YamlException(scalar.Start, scalar.End, JsonDocumentReader.TooLong(scalar.Value.Length))
        : scalar.Value;

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

    /// <summary>
    /// The document as written, aliases expanded: values and characters counted as they are read, so that a document
    /// over the limits is refused at the first event past them, before it is read to its end or copied.
    /// </summary>
    private sealed class Budget
    {
        private long _values;
        private long _characters;

        public void Spend(long values, long characters, ParsingEvent at)
        {
            _values += values;
            _characters += characters;
            if (_values > DocumentLimits.MaxNodes)
            {
                throw new YamlException(at.Start, at.End, $"the document holds more than {DocumentLimits.MaxNodes:N0} keys and values once its aliases are expanded, which is the limit");
            }

            if (_characters > DocumentLimits.MaxCharacters)
            {
                throw new YamlException(at.Start, at.End, $"the document holds more than {DocumentLimits.MaxCharacters:N0} characters of text once its aliases are expanded, which is the limit");
            }
        }
    }

    /// <summary>A node as read: shared by the aliases that name it, with its size and height once expanded.</summary>
    private abstract class Node
    {
        /// <summary>Values in the node, itself included, once aliases are expanded (capped just above the limit).</summary>
        public long Size { get; protected init; } = 1;

        /// <summary>Characters of its strings and keys, once aliases are expanded (capped just above the limit).</summary>
        public long Characters { get; protected init; }

        /// <summary>Levels of nesting: 0 for a scalar, 1 for a list of scalars.</summary>
        public int Height { get; protected init; }

        /// <summary>A new copy in the document model (nodes have one parent there, so each alias gets its own).</summary>
        public abstract JsonNode? ToJson();

        protected static long Capped(long value, long limit) => Math.Min(value, limit + 1);
    }

    private sealed class ScalarNode : Node
    {
        public ScalarNode(JsonNode? value, int characters)
        {
            Value = value;
            Characters = characters;
        }

        public JsonNode? Value { get; }

        public override JsonNode? ToJson() => Value?.DeepClone();
    }

    private sealed class SequenceNode : Node
    {
        public SequenceNode(List<Node> items)
        {
            Items = items;
            Size = Capped(1 + items.Sum(i => i.Size), DocumentLimits.MaxNodes);
            Characters = Capped(items.Sum(i => i.Characters), DocumentLimits.MaxCharacters);
            Height = 1 + (items.Count == 0 ? 0 : items.Max(i => i.Height));
        }

        public List<Node> Items { get; }

        public override JsonNode ToJson() => new JsonArray(Items.Select(i => i.ToJson()).ToArray());
    }

    private sealed class MappingNode : Node
    {
        public MappingNode(List<KeyValuePair<string, Node>> entries)
        {
            Entries = entries;
            Size = Capped(1 + entries.Sum(e => e.Value.Size), DocumentLimits.MaxNodes);
            Characters = Capped(entries.Sum(e => e.Key.Length + e.Value.Characters), DocumentLimits.MaxCharacters);
            Height = 1 + (entries.Count == 0 ? 0 : entries.Max(e => e.Value.Height));
        }

        public List<KeyValuePair<string, Node>> Entries { get; }

        public override JsonNode ToJson()
        {
            var result = new JsonObject();
            foreach (var (key, value) in Entries)
            {
                result.Add(key, value.ToJson());
            }

            return result;
        }
    }
}
