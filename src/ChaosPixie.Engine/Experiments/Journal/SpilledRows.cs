using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// A probe output too long to hold in memory: a list of row objects kept in a JSON-lines file (one compact object a
/// line, secrets already masked), with its first <see cref="InlineRowLimit"/> rows at hand for the journal. It
/// travels through the runner as a <see cref="JsonValue"/> (<see cref="ToNode"/>); the code that knows it (the run
/// record, chaospixie's tolerances) streams the file, and anything else gets the whole list as JSON.
/// </summary>
[JsonConverter(typeof(SpilledRowsConverter))]
public sealed class SpilledRows
{
    /// <summary>How many rows of an output the journal holds inline; a longer output is in a file beside it.</summary>
    public const int InlineRowLimit = 1000;

    private const int BufferSize = 1 << 16;

    internal SpilledRows(string path, long count, JsonArray head, string? file)
    {
        Path = path;
        Count = count;
        Head = head;
        File = file;
    }

    /// <summary>The JSON-lines file that holds every row.</summary>
    public string Path { get; }

    public long Count { get; }

    /// <summary>The first rows, as the journal shows them inline.</summary>
    public JsonArray Head { get; }

    /// <summary>The file's name beside the journal, or null when the run writes no journal.</summary>
    public string? File { get; }

    /// <summary>The spilled rows an output node holds, or null when it holds anything else.</summary>
    public static SpilledRows? From(JsonNode? output) =>
        output is JsonValue value && value.TryGetValue(out SpilledRows? rows) ? rows : null;

    /// <summary>The whole output: the spilled rows read into a list (memory in proportion to the rows), or the node itself.</summary>
    public static JsonNode? Whole(JsonNode? output) => From(output) is { } rows ? rows.ReadAll() : output;

    /// <summary>A new node for this output (a node has one parent, so each place that holds it gets its own).</summary>
    public JsonValue ToNode() => JsonValue.Create(this)!;

    /// <summary>What the journal says beside the inline rows: how many there are in all, how many are inline, and where all of them are.</summary>
    public JsonObject Describe() => new()
    {
        ["count"] = Count,
        ["inline"] = Head.Count,
        ["file"] = File,
    };

    /// <summary>Each row's JSON text (UTF-8, no line end), read from the file; a slice is valid until the next one is read.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> ReadLines()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[BufferSize];
        int start = 0, end = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                yield return buffer.AsMemory(start, newline - start);
                start = newline + 1;
                continue;
            }

            // Move the partial line to the front, growing the buffer for a line longer than it.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (end > start)
                {
                    yield return buffer.AsMemory(start, end - start);
                }

                yield break;
            }

            end += read;
        }
    }

    /// <summary>Every row as a JSON object, for the tolerances that need the whole document.</summary>
    public JsonArray ReadAll()
    {
        var rows = new JsonArray();
        foreach (var line in ReadLines())
        {
            rows.Add(JsonNode.Parse(line.Span));
        }

        return rows;
    }

    /// <summary>Written as the list of rows it stands for, streamed from the file: the fallback for code that does not know it.</summary>
    private sealed class SpilledRowsConverter : JsonConverter<SpilledRows>
    {
        public override SpilledRows Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Spilled rows are written, never read back as such.");

        public override void Write(Utf8JsonWriter writer, SpilledRows value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var line in value.ReadLines())
            {
                writer.WriteRawValue(line.Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }
    }
}
