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
/// looks whole; a path ending in '.gz' is compressed. The rows of one call on several clusters arrive interleaved, one
/// query per cluster: such queries stay open together and each row names its cluster (format version 2); the
/// header, written with the first query, lists the call's clusters. A file of single-cluster queries stays version 1.
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
    private readonly Dictionary<PixieQuery, QueryState> _open = [];
    private readonly DateTimeOffset _created = DateTimeOffset.UtcNow;
    private int _version;
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
    public void BeginQuery(PixieQuery query) => Open(query);

    /// <summary>Writes one row, after its query's and its table's records when they are not written yet.</summary>
    public void Write(PixieRow row)
    {
        var table = row.GetTable();
        var query = Open(table.Query);
        var state = TableOf(query, table);
        state.Rows++;
        query.Rows++;
        RowCount++;
        // The hot path: no closure per row.
        StartLine();
        _json.WriteString(EvidenceFormat.TableKey, table.Name);
        if (table.Cluster is { } cluster)
        {
            _json.WriteString(EvidenceFormat.ClusterIdKey, cluster.Id.ToString("D"));
            WriteStringOrNull(_json, EvidenceFormat.ClusterNameKey, cluster.Name);
        }

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
        WriteHeader(null);
        EndQueries(_ => true);
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

    /// <summary>
    /// The query's state, its record written first when it is new. A single-cluster query ends every open query
    /// first; a query of a call on several clusters ends the open ones that are not (or that are of its cluster).
    /// </summary>
    private QueryState Open(PixieQuery query)
    {
        if (_open.TryGetValue(query, out var open))
        {
            return open;
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

        WriteHeader(query);
        if (query.Cluster is not null && _version < 2)
        {
            throw new PixieEvidenceException(
                EvidenceErrorKind.QueryOrder,
                $"Query {Describe(query)} ran on several clusters at once, after a query on one cluster in this file: an evidence file holds results of several clusters from its start.")
            {
                RecommendedAction = "Export the result of a call on several clusters to a file of its own.",
            };
        }

        EndQueries(other => query.Cluster is null || other.Query.Cluster is null || other.Query.Cluster.Id == query.Cluster.Id);
        var state = new QueryState(query, ++QueryCount);
        _open.Add(query, state);
        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.Query);
            json.WriteNumber("query", state.Number);
            json.WriteString("cluster_id", query.ClusterId.ToString("D"));
            if (query.Cluster is { } cluster)
            {
                WriteStringOrNull(json, "cluster_name", cluster.Name);
            }

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
        return state;
    }

    /// <summary>The header, once, with the first query: version 2 and the call's clusters when it ran on several.</summary>
    private void WriteHeader(PixieQuery? first)
    {
        if (_version != 0)
        {
            return;
        }

        _version = first?.Cluster is null ? 1 : EvidenceFormat.Version;
        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.Header);
            json.WriteString("format", EvidenceFormat.Name);
            json.WriteNumber("format_version", _version);
            json.WriteString("tool", "ChaosPixie");
            json.WriteString("tool_version", ToolVersion());
            json.WriteNumber("created", ((PixieTime)_created).UnixNanoseconds);
            if (first?.CallClusters is { } clusters)
            {
                json.WriteStartArray("clusters");
                foreach (var cluster in clusters)
                {
                    json.WriteStartObject();
                    json.WriteString("id", cluster.Id.ToString("D"));
                    WriteStringOrNull(json, "name", cluster.Name);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
        });
    }

    private TableState TableOf(QueryState query, PixieTable table)
    {
        if (query.Tables.TryGetValue(table.Name, out var state))
        {
            return state;
        }

        // Pixie may announce one table name under two ids, always with one relation (PixieScriptRun checks): one record.
        state = new TableState(EvidenceValues.KindsOf(table.Columns));
        query.Tables.Add(table.Name, state);
        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.Table);
            if (_version > 1)
            {
                json.WriteNumber("query", query.Number);
            }

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

    /// <summary>Ends the open queries that <paramref name="which"/> picks, in the file's order.</summary>
    private void EndQueries(Func<QueryState, bool> which)
    {
        foreach (var state in _open.Values.Where(which).OrderBy(q => q.Number).ToArray())
        {
            EndQuery(state);
        }
    }

    private void EndQuery(QueryState state)
    {
        var query = state.Query;
        if (!query.IsComplete)
        {
            throw new PixieEvidenceException(
                EvidenceErrorKind.IncompleteResult,
                $"The result of query {Describe(query)}{(query.Cluster is { } cluster ? $" on cluster {cluster}" : string.Empty)} did not end before its rows stopped ({state.Rows:N0} rows written): an evidence file holds whole results only.")
            {
                RecommendedAction = "Export every row of the query: 'Select-Object -First', an interruption or a cluster that failed stops a result early; filter rows after Import-PixieResult instead.",
            };
        }

        // The tables that were asked for but sent no row are recorded too: a replay must know them, empty.
        foreach (var table in query.Tables.Where(query.IsSelected))
        {
            TableOf(state, table);
        }

        foreach (var (name, table) in state.Tables)
        {
            Line(json =>
            {
                json.WriteString(EvidenceFormat.Kind, EvidenceFormat.EndOfStream);
                if (_version > 1)
                {
                    json.WriteNumber("query", state.Number);
                }

                json.WriteString("table", name);
                json.WriteNumber("rows", table.Rows);
            });
        }

        Line(json =>
        {
            json.WriteString(EvidenceFormat.Kind, EvidenceFormat.QueryEnd);
            json.WriteNumber("query", state.Number);
            json.WriteNumber("rows", state.Rows);
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
        _open.Remove(query);
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

    /// <summary>An open query: its number in the file, its rows so far, and its tables by name.</summary>
    private sealed class QueryState(PixieQuery query, int number)
    {
        public PixieQuery Query { get; } = query;

        public int Number { get; } = number;

        public long Rows { get; set; }

        public Dictionary<string, TableState> Tables { get; } = new(StringComparer.Ordinal);
    }

    private sealed class TableState(EvidenceValueKind[] cells)
    {
        public EvidenceValueKind[] Cells { get; } = cells;

        public long Rows { get; set; }
    }
}
