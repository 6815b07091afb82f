using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Reads JSON text into the document model the way Python's `json.loads` does: a duplicated key keeps its first
/// position and its last value, and numbers keep their text, so `5.0` stays a float and `5` an integer. A first pass
/// with a forward-only reader checks the <see cref="DocumentLimits"/> (depth, number of values) and that every
/// string is text (a lone surrogate escape such as "\ud800" is refused where it is), so the tree is built only for
/// a document that fits.
/// </summary>
internal static class JsonDocumentReader
{
    // One level more than the limit, so that the first pass, not the parser, reports a document one level too deep.
    private static readonly JsonReaderOptions ScanOptions = new() { MaxDepth = DocumentLimits.MaxDepth + 1 };
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = DocumentLimits.MaxDepth };

    /// <summary>Parses <paramref name="text"/>; a syntax error becomes an <see cref="ExperimentException"/> that starts with <paramref name="messagePrefix"/>.</summary>
    public static JsonNode? Read(string text, string messagePrefix)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            Scan(utf8, messagePrefix);
            using var document = JsonDocument.Parse(utf8, Options);
            return Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            throw new ExperimentException(
                ExperimentErrorKind.ParseError,
                $"{messagePrefix}{Reason(e.Message)} (line {line}, position {position})",
                DocumentPath.Root,
                e);
        }
    }

    // Forward-only, so that no input can make it recurse; it keeps the path to the current value for its messages.
    private static void Scan(byte[] utf8, string messagePrefix)
    {
        var reader = new Utf8JsonReader(utf8, ScanOptions);
        var frames = new List<Frame>();
        long values = 0;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.RemoveAt(frames.Count - 1);
                continue;
            }

            // Keys count as values, as they do in YAML, where a key may be any value.
            if (++values > DocumentLimits.MaxNodes)
            {
                throw Refused(utf8, reader.TokenStartIndex, frames, messagePrefix, $"the document holds more than {DocumentLimits.MaxNodes:N0} keys and values, which is the limit");
            }

            if (token == JsonTokenType.PropertyName)
            {
                // A key that is not text is reported at its mapping.
                frames[^1].Key = null;
                frames[^1].Key = Text(ref reader, utf8, frames, messagePrefix);
                continue;
            }

            if (frames.Count > 0 && frames[^1].IsArray)
            {
                frames[^1].Index++;
            }

            switch (token)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray when frames.Count >= DocumentLimits.MaxDepth:
                    throw Refused(utf8, reader.TokenStartIndex, frames, messagePrefix, $"the document is nested deeper than {DocumentLimits.MaxDepth} levels, which is the limit");
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    frames.Add(new Frame { IsArray = token == JsonTokenType.StartArray });
                    break;
                case JsonTokenType.String:
                    Text(ref reader, utf8, frames, messagePrefix);
                    break;
                case JsonTokenType.Number when reader.ValueSpan.Length > DocumentLimits.MaxNumberLength:
                    throw Refused(utf8, reader.TokenStartIndex, frames, messagePrefix, TooLong(reader.ValueSpan.Length));
            }
        }
    }

    // A string as text; an escape that is half a surrogate pair ("\ud800") has no text, and Python's json would let it
    // reach the journal, which cannot hold it: refused here, where it is.
    private static string? Text(ref Utf8JsonReader reader, byte[] utf8, List<Frame> frames, string messagePrefix)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Refused(utf8, reader.TokenStartIndex, frames, messagePrefix, "a string holds an escaped lone UTF-16 surrogate (such as \\ud800), which is not text");
        }
    }

    internal static string TooLong(int length) =>
        $"a number of {length:N0} characters is longer than {DocumentLimits.MaxNumberLength:N0}, which is the limit";

    private static ExperimentException Refused(byte[] utf8, long offset, List<Frame> frames, string messagePrefix, string reason)
    {
        var before = utf8.AsSpan(0, (int)offset);
        var line = before.Count((byte)'\n') + 1;
        var position = offset - before.LastIndexOf((byte)'\n');
        var path = frames.Aggregate(DocumentPath.Root, (parent, frame) => frame.IsArray
            ? DocumentPath.Index(parent, Math.Max(frame.Index, 0))
            : frame.Key is null ? parent : DocumentPath.Child(parent, frame.Key));
        return new ExperimentException(ExperimentErrorKind.ParseError, $"{messagePrefix}{reason} (line {line}, position {position})", path);
    }

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = Convert(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Convert(item));
                }

                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            case JsonValueKind.Number:
                return JsonNode.Parse(element.GetRawText());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 1."; we give the position ourselves.
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        var reason = (cut < 0 ? message : message[..cut]).Trim();
        return reason.EndsWith('.') ? reason[..^1] : reason;
    }

    // An open list or mapping while scanning: the key or the index of the value being read in it.
    private sealed class Frame
    {
        public bool IsArray { get; init; }

        public int Index { get; set; } = -1;

        public string? Key { get; set; }
    }
}
