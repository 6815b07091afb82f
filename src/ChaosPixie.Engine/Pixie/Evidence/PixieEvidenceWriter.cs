using System.Buffers;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>
/// Writes rows as an evidence file (docs/evidence-format.md) while they stream: a line per row, written at once, so
/// memory holds one line whatever the row count. Each query's record, relations, ends of tables and statistics come
/// from the rows' tables (<see cref="PixieTable.Query"/>). The file is written beside its path under a temporary
/// name and takes its name at <see cref="Complete"/>, so a failed or interrupted export never leaves a file that
/// looks whole; a path ending in '.gz' is compressed.
/// </summary>
public sealed class PixieEvidenceWriter : IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _path;
    private readonly string _temporaryPath;
    private readonly FileStream _file;
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly HashSet<PixieQuery> _finished = [];
    private readonly Dictionary<string, TableState> _tables = new(StringComparer.Ordinal);
    private PixieQuery? _query;
    private long _queryRows;
    private bool _completed;

    /// <summary>Starts the file at <paramref name="path"/>, which must not exist unless <paramref name="overwrite"/>.</summary>
    public PixieEvidenceWriter(string path, bool overwrite)
    {
        _path = System.IO.Path.GetFullPath(path);
        if (!overwrite && File.Exists(_path))
        {
            throw new IOException($"The file '{_path}' already exists.");
        }

        _temporaryPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_path)!, $".{System.IO.Path.GetFileName(_path)}.{Guid.NewGuid():N}.partial");
        _file = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _stream = _path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(_file, CompressionLevel.Fastest) : _file;
        _json = new Utf8JsonWriter(_line, JsonOptions);
        WriteHeader();
    }

    public string Path => _path;

    /// <summary>The rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>The number of queries the file holds so far.</summary>
    public int QueryCount { get; private set; }

    /// <summary>
    /// Records a query before its rows: the experiment runner calls it so that a query without rows is recorded
    /// too. <see cref="Write"/> calls it for the query of a row it has not seen.
    /// </summary>
    public void BeginQuery(PixieQuery query)
    {
        if (ReferenceEquals(query, _query))
        {
            return;
        }

        if (_finished.Contains(query))
        {
            throw new PixieEvidenceException(
                EvidenceErrorKind.QueryOrder,
                $"A row of query {Describe(query)} came after rows of a later query: an evidence file holds each query's rows together.")
            {
                RecommendedAction = "Export the rows in the order Invoke-PixieScript wrote them (do not sort or merge the rows of several queries), or export each query to its own file.",
            };
        }

        EndQuery();
        _query = query;
        _queryRows = 0;
        QueryCount++;
        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.Query);
            json.WriteNumber("query", QueryCount);
            json.WriteString("cluster_id", query.ClusterId.ToString("D"));
            json.WriteString("server", query.Server);
            WriteStringOrNull(json, "query_id", query.QueryId);
            json.WriteNumber("started", ((PixieTime)query.Started).UnixNanoseconds);
            json.WriteString("script_sha256", query.ScriptSha256);
            json.WriteString("script", query.Script);
            json.WriteStartObject("arguments");
            foreach (var (name, value) in query.Arguments)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            if (query.TableNames is { } names)
            {
                json.WriteStartArray("table_names");
                foreach (var name in names)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteNull("table_names");
            }
        });
    }

    /// <summary>Writes one row, after its query's and its table's records when they are not written yet.</summary>
    public void Write(PixieRow row)
    {
        var table = row.GetTable();
        BeginQuery(table.Query);
        var state = TableOf(table);
        state.Rows++;
        _queryRows++;
        RowCount++;
        // The hot path: no closure per row.
        StartLine();
        _json.WriteString(EvidenceFormat.TableKey, table.Name);
        for (var i = 0; i < state.Cells.Length; i++)
        {
            _json.WritePropertyName(table.Columns[i].Name);
            EvidenceValues.Write(_json, state.Cells[i], row, i);
        }

        EndLine();
    }

    /// <summary>
    /// Ends the last query and the file (the end record holds the SHA-256 of every line before it), and gives the
    /// file its name. A query whose result did not end cannot be completed: its rows are not the whole result.
    /// </summary>
    public void Complete()
    {
        EndQuery();
        var digest = Convert.ToHexString(_hash.GetCurrentHash()).ToLowerInvariant();
        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.End);
            json.WriteNumber("queries", QueryCount);
            json.WriteNumber("rows", RowCount);
            json.WriteString("sha256", digest);
        });
        _stream.Dispose();
        File.Move(_temporaryPath, _path, overwrite: true);
        _completed = true;
    }

    /// <summary>Without <see cref="Complete"/>, removes the unfinished file: no file is better than one that is not whole.</summary>
    public void Dispose()
    {
        _json.Dispose();
        _hash.Dispose();
        if (!_completed)
        {
            _stream.Dispose();
            File.Delete(_temporaryPath);
        }
    }

    private static string Describe(PixieQuery query) => query.QueryId is { } id ? $"'{id}'" : "(no query id yet)";

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string ToolVersion()
    {
        var informational = typeof(PixieEvidenceWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+')[0];
        return string.IsNullOrEmpty(version) ? "0.0.0" : version;
    }

    private void WriteHeader() => Line(json =>
    {
        json.WriteString(EvidenceFormat.Kind, EvidenceFormat.Header);
        json.WriteString("format", EvidenceFormat.Name);
        json.WriteNumber("format_version", EvidenceFormat.Version);
        json.WriteString("tool", "ChaosPixie");
        json.WriteString("tool_version", ToolVersion());
        json.WriteNumber("created", ((PixieTime)DateTimeOffset.UtcNow).UnixNanoseconds);
    });

    private TableState TableOf(PixieTable table)
    {
        if (_tables.TryGetValue(table.Name, out var state))
        {
            return state;
        }

        // Pixie may announce one table name under two ids, always with one relation (PixieScriptRun checks): one record.
        state = new TableState(EvidenceValues.KindsOf(table.Columns));
        _tables.Add(table.Name, state);
        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.Table);
            json.WriteString("name", table.Name);
            json.WriteString("id", table.Id);
            json.WriteStartArray("columns");
            foreach (var column in table.Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", column.SourceName);
                json.WriteString("type", EvidenceFormat.NameOf(column.DataType));
                if (EvidenceFormat.NameOf(column.SemanticType) is { } semantic)
                {
                    json.WriteString("semantic_type", semantic);
                }
                else
                {
                    json.WriteNumber("semantic_type", (int)column.SemanticType);
                }

                json.WriteString("description", column.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
        return state;
    }

    private void EndQuery()
    {
        if (_query is not { } query)
        {
            return;
        }

        if (!query.IsComplete)
        {
            throw new PixieEvidenceException(
                EvidenceErrorKind.IncompleteResult,
                $"The result of query {Describe(query)} did not end before its rows stopped ({_queryRows:N0} rows written): an evidence file holds whole results only.")
            {
                RecommendedAction = "Export every row of the query: 'Select-Object -First' or an interruption stops the result early; filter rows after Import-PixieResult instead.",
            };
        }

        // The tables that were asked for but sent no row are recorded too: a replay must know them, empty.
        foreach (var table in query.Tables.Where(query.IsSelected))
        {
            TableOf(table);
        }

        foreach (var (name, state) in _tables)
        {
            Line(json =>
            {
                json.WriteString(EvidenceFormat.Kind, EvidenceFormat.EndOfStream);
                json.WriteString("table", name);
                json.WriteNumber("rows", state.Rows);
            });
        }

        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.QueryEnd);
            json.WriteNumber("query", QueryCount);
            json.WriteNumber("rows", _queryRows);
            if (query.Stats is { } stats)
            {
                json.WriteStartObject("stats");
                json.WriteNumber("execution_ns", stats.ExecutionTime.Ticks * 100);
                json.WriteNumber("compilation_ns", stats.CompilationTime.Ticks * 100);
                json.WriteNumber("bytes_processed", stats.BytesProcessed);
                json.WriteNumber("records_processed", stats.RecordsProcessed);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("stats");
            }
        });
        _finished.Add(query);
        _tables.Clear();
        _query = null;
    }

    /// <summary>One JSON object on one line, added to the digest as written.</summary>
    private void Line(Action<Utf8JsonWriter> body)
    {
        StartLine();
        body(_json);
        EndLine();
    }

    private void StartLine()
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        _json.WriteStartObject();
    }

    private void EndLine()
    {
        _json.WriteEndObject();
        _json.Flush();
        _line.GetSpan(1)[0] = (byte)'\n';
        _line.Advance(1);
        _hash.AppendData(_line.WrittenSpan);
        _stream.Write(_line.WrittenSpan);
    }

    private sealed class TableState(EvidenceValueKind[] cells)
    {
        public EvidenceValueKind[] Cells { get; } = cells;

        public long Rows { get; set; }
    }
}
