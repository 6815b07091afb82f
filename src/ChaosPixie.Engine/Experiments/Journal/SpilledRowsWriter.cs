using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// Writes a probe's rows to a temporary file as they arrive, secrets masked, so that no row stays in memory beyond
/// the first <see cref="SpilledRows.InlineRowLimit"/>. An output that fits inline comes back as a plain list and its
/// file goes; a longer one is kept beside the journal and comes back as <see cref="SpilledRows"/>. A writer
/// disposed before <see cref="Complete"/> (the probe failed or was stopped) deletes its file.
/// </summary>
public sealed class SpilledRowsWriter : IDisposable
{
    // The journal's own escaping (upstream's ensure_ascii=False).
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int BufferSize = 1 << 16;

    private readonly OutputFiles _files;
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(BufferSize * 2);
    private readonly Utf8JsonWriter _writer;
    private readonly JsonArray _head = [];
    private readonly Dictionary<string, bool> _maskedKeys = new(StringComparer.Ordinal);
    private string _path;
    private long _count;
    private bool _completed;

    public SpilledRowsWriter(OutputFiles files)
    {
        _files = files;
        _path = files.CreateTemporary();
        _stream = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
        // Rows are written to memory and the file gets them in blocks: flushing a writer on a stream flushes the file.
        _writer = new Utf8JsonWriter(_buffer, LineOptions);
    }

    /// <summary>Adds a row, masked: as a masked copy when it is shown inline or may hold a secret, else as it is.</summary>
    public void Add(JournalRow row)
    {
        if (_count < SpilledRows.InlineRowLimit || MayBeMasked(row))
        {
            var redacted = _files.Redactor.Redact(row.ToJson())!;
            redacted.WriteTo(_writer);
            if (_count < SpilledRows.InlineRowLimit)
            {
                _head.Add(redacted);
            }
        }
        else
        {
            row.WriteTo(_writer);
        }

        _writer.Flush();
        // Each line is a document of its own: no separator before the next.
        _writer.Reset();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= BufferSize)
        {
            WriteBuffer();
        }

        _count++;
    }

    // Whether the redactor could change the row: a key it masks whatever the value, or a value whose text (a number's
    // as Python writes it, when a secret could be one) contains a secret. Most rows hold none, and skip the cost of a
    // masked copy.
    private bool MayBeMasked(JournalRow row)
    {
        var numbers = _files.Redactor.MasksNumbers;
        foreach (var (name, value) in row.Fields)
        {
            var text = value switch
            {
                string s => s,
                long l when numbers => l.ToString(CultureInfo.InvariantCulture),
                double d when numbers => PythonText.FormatFloat(d),
                _ => null,
            };
            if (MasksKey(name) || (text is not null && !string.Equals(_files.Redactor.Redact(text), text, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private bool MasksKey(string name)
    {
        if (!_maskedKeys.TryGetValue(name, out var masked))
        {
            var probe = new JsonObject { [name] = "-" };
            masked = _files.Redactor.Redact(probe)!.ToJsonString() != probe.ToJsonString();
            _maskedKeys[name] = masked;
        }

        return masked;
    }

    /// <summary>The output: the list itself when it fits inline, else the spilled rows (kept beside the journal when there is one).</summary>
    public JsonNode Complete()
    {
        WriteBuffer();
        _writer.Dispose();
        _stream.Dispose();
        _completed = true;
        if (_count <= SpilledRows.InlineRowLimit)
        {
            OutputFiles.Delete(_path);
            return _head;
        }

        var file = _files.Keep(ref _path);
        return new SpilledRows(_path, _count, _head, file).ToNode();
    }

    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        _writer.Dispose();
        _stream.Dispose();
        OutputFiles.Delete(_path);
    }

    private void WriteBuffer()
    {
        _stream.Write(_buffer.WrittenSpan);
        _buffer.Clear();
    }
}
