using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Reads JSON text into the document model the way Python's `json.loads` does: a duplicated key keeps its first
/// position and its last value, and numbers keep their text, so `5.0` stays a float and `5` an integer.
/// </summary>
internal static class JsonDocumentReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>Parses <paramref name="text"/>; a syntax error becomes an <see cref="ExperimentException"/> that starts with <paramref name="messagePrefix"/>.</summary>
    public static JsonNode? Read(string text, string messagePrefix)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Options);
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

    /// <summary>Reads a file as UTF-8 text, without a byte order mark.</summary>
    public static string ReadText(string path) => File.ReadAllText(path, new UTF8Encoding(false));
}
