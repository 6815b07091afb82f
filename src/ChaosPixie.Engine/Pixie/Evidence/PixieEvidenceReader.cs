using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClusterTag = ChaosPixie.Engine.Pixie.Clusters.PixieClusterTag;

namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>
/// Reads an evidence file back as the rows Invoke-PixieScript gave: the same row classes (one per relation), the
/// same tables with their queries. Every line is checked as it is read (JSON, record order, keys and value types
/// against the relation, counts), and the end record's digest against every byte before it, so a file that was cut
/// short or altered is an exception naming its line. Rows are made as their lines are read: memory stays flat.
/// Version 1 holds one query at a time; version 2 may hold the queries of one call on several clusters open
/// together, each row naming its cluster, and gives their rows back with ClusterId and ClusterName.
/// </summary>
public sealed class PixieEvidenceReader : IDisposable
{
    private readonly Stream _stream;
    private readonly EvidenceLines _lines;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<PixieQuery> _queries = [];
    private readonly Dictionary<long, QueryState> _open = [];
    private TableState? _lastTable;
    private long _version;
    private long _rows;
    private bool _ended;
    private bool _read;

    public PixieEvidenceReader(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var magic = new byte[2];
        var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        _stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        _lines = new EvidenceLines(_stream);
        ReadHeader();
    }

    public string Path { get; }

    /// <summary>The version of ChaosPixie that wrote the file.</summary>
    public string ToolVersion { get; private set; } = string.Empty;

    public DateTimeOffset Created { get; private set; }

    /// <summary>The clusters of the call whose result the file holds, when it ran on several; empty otherwise.</summary>
    public IReadOnlyList<ClusterTag> Clusters { get; private set; } = [];

    /// <summary>The queries read so far; all of them once <see cref="ReadRows"/> has been enumerated.</summary>
    public IReadOnlyList<PixieQuery> Queries => _queries;

    /// <summary>The rows of every query, in the file's order; can be enumerated once, and only to the end is it checked whole.</summary>
    public IEnumerable<PixieRow> ReadRows()
    {
        if (_read)
        {
            throw new InvalidOperationException("An evidence file's rows can be read once.");
        }

        _read = true;
        return Read();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _hash.Dispose();
    }

    private IEnumerable<PixieRow> Read()
    {
        while (Next() is var (more, row) && more)
        {
            if (row is not null)
            {
                yield return row;
            }
        }
    }

    /// <summary>Reads one line: false at the end of the file, and the row when the line is one.</summary>
    private (bool More, PixieRow? Row) Next()
    {
        if (!_lines.TryRead(out var line))
        {
            if (!_ended)
            {
                throw new PixieEvidenceException(
                    EvidenceErrorKind.Truncated,
                    $"'{Path}' ends after line {_lines.Number:N0} without its end record: the file was cut short (an export that did not finish, or a copy that stopped), so its rows are not the whole result.",
                    _lines.Number + 1)
                {
                    RecommendedAction = "Export the result again, or copy the whole file.",
                };
            }

            return (false, null);
        }

        if (_ended)
        {
            throw Invalid("comes after the end record; nothing may follow it");
        }

        var body = line.Length > 0 && line[^1] == (byte)'\n' ? line[..^1] : line;
        var reader = new Utf8JsonReader(body);
        if (!TryRead(ref reader) || reader.TokenType != JsonTokenType.StartObject || !TryRead(ref reader) || reader.TokenType != JsonTokenType.PropertyName)
        {
            throw Invalid("is not a JSON object with '_kind' or '_tableName_' first");
        }

        if (reader.ValueTextEquals(EvidenceFormat.TableKey))
        {
            var row = ReadRow(ref reader);
            _hash.AppendData(line);
            return (true, row);
        }

        using var record = ParseRecord(body);
        var root = record.RootElement;
        var kind = String(root, EvidenceFormat.Kind);
        if (kind == EvidenceFormat.End)
        {
            ReadEnd(root);
            return (true, null);
        }

        _hash.AppendData(line);
        switch (kind)
        {
            case EvidenceFormat.Query:
                ReadQuery(root);
                break;
            case EvidenceFormat.Table:
                ReadTable(root);
                break;
            case EvidenceFormat.EndOfStream:
                ReadEndOfStream(root);
                break;
            case EvidenceFormat.QueryEnd:
                ReadQueryEnd(root);
                break;
            default:
                throw Invalid($"has the unknown _kind '{kind}'");
        }

        return (true, null);
    }

    private void ReadHeader()
    {
        if (!_lines.TryRead(out var line))
        {
            throw NotEvidence("is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException)
        {
            throw NotEvidence("does not start with a JSON header line");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(EvidenceFormat.Kind, out var kind) || kind.ValueKind != JsonValueKind.String ||
                kind.GetString() != EvidenceFormat.Header || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != EvidenceFormat.Name)
            {
                throw NotEvidence($"does not start with a '{EvidenceFormat.Name}' header");
            }

            var version = Int64(root, "format_version");
            if (version > EvidenceFormat.Version)
            {
                throw new PixieEvidenceException(
                    EvidenceErrorKind.NewerVersion,
                    $"'{Path}' is an evidence file of format version {version}, written by ChaosPixie {(root.TryGetProperty("tool_version", out var tool) ? tool.ToString() : "(unknown)")}; this version reads format version {EvidenceFormat.Version}.",
                    1)
                {
                    RecommendedAction = "Read it with the version of ChaosPixie that wrote it, or a newer one.",
                };
            }

            if (version < 1)
            {
                throw Invalid($"has format_version {version}; versions start at 1");
            }

            _version = version;
            ToolVersion = String(root, "tool_version");
            Created = new PixieTime(Int64(root, "created")).ToDateTimeOffset();
            if (root.TryGetProperty("clusters", out _))
            {
                Clusters = Member(root, "clusters", JsonValueKind.Array).EnumerateArray().Select(ReadCluster).ToArray();
            }
        }

        _hash.AppendData(line);
    }

    private ClusterTag ReadCluster(JsonElement cluster) =>
        cluster.ValueKind == JsonValueKind.Object
            ? new(Uuid(String(cluster, "id"), "a cluster id"), Member(cluster, "name", JsonValueKind.String, JsonValueKind.Null).GetString())
            : throw Invalid("lists a cluster that is not an object");

    private Guid Uuid(string text, string what) => Guid.TryParseExact(text, "D", out var id) ? id : throw Invalid($"has {what} '{text}', which is not a UUID");

    private void ReadQuery(JsonElement root)
    {
        // A query of a call on several clusters (version 2) names its cluster; the cluster's name may be unknown (null).
        var tagged = _version > 1 && root.TryGetProperty("cluster_name", out _);
        if (_open.Count > 0 && (!tagged || _open.Values.Any(q => q.Query.Cluster is null)))
        {
            throw Invalid("starts a query before the previous one's query_end");
        }

        if (Int64(root, "query") != _queries.Count + 1)
        {
            throw Invalid($"is query {Int64(root, "query")}, where query {_queries.Count + 1} comes next");
        }

        var clusterId = Uuid(String(root, "cluster_id"), "the cluster_id");
        var cluster = tagged ? new ClusterTag(clusterId, Member(root, "cluster_name", JsonValueKind.String, JsonValueKind.Null).GetString()) : null;
        if (tagged && _open.Values.Any(q => q.Query.Cluster?.Id == clusterId))
        {
            throw Invalid($"starts a second query of cluster {cluster} before the first one's query_end");
        }

        var script = String(root, "script");
        var digest = String(root, "script_sha256");
        var arguments = Member(root, "arguments", JsonValueKind.Object).EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Invalid($"has the argument '{p.Name}' as {p.Value.ValueKind}, not a string"),
            StringComparer.Ordinal);
        var tableNames = Member(root, "table_names", JsonValueKind.Array, JsonValueKind.Null) is { ValueKind: JsonValueKind.Array } names
            ? names.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString()! : throw Invalid("has a table_names entry that is not a string")).ToArray()
            : null;
        var query = new PixieQuery(clusterId, String(root, "server"), script, arguments, tableNames, new PixieTime(Int64(root, "started")).ToDateTimeOffset())
        {
            QueryId = Member(root, "query_id", JsonValueKind.String, JsonValueKind.Null).GetString(),
            Cluster = cluster,
            CallClusters = tagged ? Clusters : null,
        };
        if (!string.Equals(query.ScriptSha256, digest, StringComparison.Ordinal))
        {
            throw Altered($"holds a script whose SHA-256 is not the script_sha256 written with it");
        }

        _queries.Add(query);
        _open.Add(_queries.Count, new QueryState(query, _queries.Count));
    }

    private void ReadTable(JsonElement root)
    {
        var query = QueryOf(root, "describes a table of");
        var name = String(root, "name");
        if (query.Tables.ContainsKey(name))
        {
            throw Invalid($"describes table '{PixieNames.Short(name)}' a second time in one query");
        }

        var columns = Member(root, "columns", JsonValueKind.Array).EnumerateArray().Select(ReadColumn).ToArray();
        var cluster = query.Query.Cluster;
        var properties = PixieNames.ForProperties(columns.Select(c => c.SourceName).ToArray(), cluster is null ? null : ClusterTag.PropertyNames);
        var relation = columns.Select((c, i) => c with { Name = properties[i] }).ToArray();
        var table = new PixieTable(query.Query, String(root, "id"), name, relation, cluster);
        query.Query.Add(table);
        query.Tables.Add(name, new TableState(table, query));
    }

    private PixieColumn ReadColumn(JsonElement column)
    {
        if (column.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("has a column that is not an object");
        }

        var typeName = String(column, "type");
        if (!EvidenceFormat.TryParseDataType(typeName, out var type))
        {
            throw Invalid($"has a column of the unknown type '{typeName}'");
        }

        var semanticElement = Member(column, "semantic_type", JsonValueKind.String, JsonValueKind.Number);
        PixieSemanticType semantic;
        if (semanticElement.ValueKind == JsonValueKind.Number)
        {
            semantic = semanticElement.TryGetInt32(out var number) ? (PixieSemanticType)number : throw Invalid("has a semantic_type number out of range");
        }
        else if (!EvidenceFormat.TryParseSemanticType(semanticElement.GetString()!, out semantic))
        {
            throw Invalid($"has a column of the unknown semantic type '{semanticElement.GetString()}'");
        }

        var name = String(column, "name");
        return new PixieColumn(name, type, semantic, String(column, "description"));
    }

    private PixieRow ReadRow(ref Utf8JsonReader reader)
    {
        if (!TryRead(ref reader) || reader.TokenType != JsonTokenType.String)
        {
            throw Invalid("has a _tableName_ that is not a string");
        }

        var query = RowQuery(ref reader);
        var state = _lastTable is { } last && last.Query == query && reader.ValueTextEquals(last.NameUtf8) ? last : TableNamed(query, reader.GetString()!);
        _lastTable = state;
        if (query.Query.Cluster is { } cluster)
        {
            ReadRowCluster(ref reader, cluster);
        }

        if (state.Ended)
        {
            throw Invalid($"is a row of table '{PixieNames.Short(state.Table.Name)}' after its eos record");
        }

        var columns = state.Table.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!TryRead(ref reader) || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(state.PropertiesUtf8[i]))
            {
                throw Invalid($"is a row of table '{PixieNames.Short(state.Table.Name)}' without column '{columns[i].Name}' in its place (the relation's columns, in order)");
            }

            var problem = TryRead(ref reader) ? EvidenceValues.Read(ref reader, state.Kinds[i], state.Cells[i]) : "has no value";
            if (problem is not null)
            {
                throw Invalid($"is a row of table '{PixieNames.Short(state.Table.Name)}' whose column '{columns[i].Name}' {problem}");
            }
        }

        if (!TryRead(ref reader) || reader.TokenType != JsonTokenType.EndObject)
        {
            throw Invalid($"is a row of table '{PixieNames.Short(state.Table.Name)}' with more keys than its {columns.Count} columns");
        }

        if (TryRead(ref reader))
        {
            throw Invalid("holds more than one JSON value");
        }

        state.Rows++;
        query.Rows++;
        _rows++;
        return state.Factory(state.Table, state.Cells, 0);
    }

    /// <summary>
    /// The open query a row belongs to: the one open query of one cluster; with the queries of a call on several
    /// clusters open, the one of the cluster the row names right after its table (read on from a copy of the reader).
    /// </summary>
    private QueryState RowQuery(ref Utf8JsonReader reader)
    {
        if (_open.Count == 0)
        {
            throw Invalid("is a row outside a query");
        }

        if (_open.Count == 1 && _open.Values.First() is { Query.Cluster: null } single)
        {
            return single;
        }

        var ahead = reader;
        if (!TryRead(ref ahead) || ahead.TokenType != JsonTokenType.PropertyName || !ahead.ValueTextEquals(EvidenceFormat.ClusterIdKey) || !TryRead(ref ahead) || ahead.TokenType != JsonTokenType.String)
        {
            throw Invalid($"is a row of a call on several clusters without '{EvidenceFormat.ClusterIdKey}' after its table");
        }

        var text = ahead.GetString()!;
        return Guid.TryParseExact(text, "D", out var id) && _open.Values.FirstOrDefault(q => q.Query.Cluster?.Id == id) is { } query
            ? query
            : throw Invalid($"is a row of cluster '{text}', which no open query of this file ran on");
    }

    /// <summary>Reads a tagged row's ClusterId (already checked by <see cref="RowQuery"/>) and ClusterName, which must be its query's.</summary>
    private void ReadRowCluster(ref Utf8JsonReader reader, ClusterTag cluster)
    {
        TryRead(ref reader);
        TryRead(ref reader);
        if (!TryRead(ref reader) || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(EvidenceFormat.ClusterNameKey) || !TryRead(ref reader) ||
            (reader.TokenType == JsonTokenType.Null ? cluster.Name is not null : reader.TokenType != JsonTokenType.String || reader.GetString() != cluster.Name))
        {
            throw Invalid($"is a row of cluster {cluster} without its '{EvidenceFormat.ClusterNameKey}' ({cluster.Name ?? "null"}) after its ClusterId");
        }
    }

    private TableState TableNamed(QueryState query, string name) =>
        query.Tables.TryGetValue(name, out var state) ? state
        : throw Invalid($"is a row of table '{PixieNames.Short(name)}', which no table record of this query describes");

    /// <summary>The open query a record is about: the one open query (version 1), or the one its 'query' names.</summary>
    private QueryState QueryOf(JsonElement root, string what)
    {
        if (_version < 2)
        {
            return _open.Count == 1 ? _open.Values.First() : throw Invalid($"{what} no open query");
        }

        var number = Int64(root, "query");
        return _open.TryGetValue(number, out var query) ? query : throw Invalid($"{what} query {number}, which is not open");
    }

    private void ReadEndOfStream(JsonElement root)
    {
        var query = QueryOf(root, "ends a table of");
        var name = String(root, "table");
        if (!query.Tables.TryGetValue(name, out var state))
        {
            throw Invalid($"ends table '{PixieNames.Short(name)}', which no table record of this query describes");
        }

        if (state.Ended)
        {
            throw Invalid($"ends table '{PixieNames.Short(name)}' a second time");
        }

        var written = Int64(root, "rows");
        if (written != state.Rows)
        {
            throw Altered($"says table '{PixieNames.Short(name)}' has {written:N0} rows, but the file holds {state.Rows:N0}");
        }

        state.Ended = true;
    }

    private void ReadQueryEnd(JsonElement root)
    {
        var number = Int64(root, "query");
        if (!_open.TryGetValue(number, out var state))
        {
            throw Invalid($"ends query {number}, which is not open");
        }

        if (state.Tables.Values.FirstOrDefault(t => !t.Ended) is { } open)
        {
            throw Invalid($"ends the query before table '{PixieNames.Short(open.Table.Name)}' has its eos record");
        }

        var written = Int64(root, "rows");
        if (written != state.Rows)
        {
            throw Altered($"says the query has {written:N0} rows, but the file holds {state.Rows:N0}");
        }

        var query = state.Query;

        if (Member(root, "stats", JsonValueKind.Object, JsonValueKind.Null) is { ValueKind: JsonValueKind.Object } stats)
        {
            query.Stats = new PixieExecutionStats(
                TimeSpan.FromTicks(Int64(stats, "execution_ns") / 100),
                TimeSpan.FromTicks(Int64(stats, "compilation_ns") / 100),
                Int64(stats, "bytes_processed"),
                Int64(stats, "records_processed"));
        }

        query.IsComplete = true;
        _open.Remove(number);
        _lastTable = null;
    }

    private void ReadEnd(JsonElement root)
    {
        if (_open.Count > 0)
        {
            throw Invalid("ends the file inside a query, before its query_end record");
        }

        var digest = Convert.ToHexString(_hash.GetCurrentHash()).ToLowerInvariant();
        if (!string.Equals(String(root, "sha256"), digest, StringComparison.Ordinal))
        {
            throw Altered("holds a SHA-256 that does not match the lines before it: the file was changed after it was written");
        }

        if (Int64(root, "queries") != _queries.Count || Int64(root, "rows") != _rows)
        {
            throw Altered($"counts {Int64(root, "queries"):N0} queries and {Int64(root, "rows"):N0} rows, but the file holds {_queries.Count:N0} and {_rows:N0}");
        }

        _ended = true;
    }

    private bool TryRead(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            throw BadJson();
        }
    }

    private JsonDocument ParseRecord(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw BadJson();
        }
    }

    private PixieEvidenceException BadJson() => _lines.HadNewline
        ? Invalid("is not valid JSON")
        : new PixieEvidenceException(
            EvidenceErrorKind.Truncated,
            $"'{Path}' line {_lines.Number:N0} stops in the middle of its JSON: the file was cut short, so its rows are not the whole result.",
            _lines.Number)
        {
            RecommendedAction = "Export the result again, or copy the whole file.",
        };

    private string String(JsonElement element, string name) => Member(element, name, JsonValueKind.String).GetString()!;

    private long Int64(JsonElement element, string name) =>
        Member(element, name, JsonValueKind.Number).TryGetInt64(out var value) ? value : throw Invalid($"has a '{name}' that is not an integer");

    private JsonElement Member(JsonElement element, string name, params JsonValueKind[] kinds)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw Invalid($"has no '{name}'");
        }

        return kinds.Contains(value.ValueKind) ? value : throw Invalid($"has a '{name}' that is {value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}, not {string.Join(" or ", kinds.Select(k => k.ToString().ToLower(CultureInfo.InvariantCulture)))}");
    }

    private PixieEvidenceException Invalid(string what) =>
        new(EvidenceErrorKind.Invalid, $"'{Path}' line {_lines.Number:N0} {what}.", _lines.Number)
        {
            RecommendedAction = "Give a file that Export-PixieResult wrote, unchanged.",
        };

    private PixieEvidenceException Altered(string what) =>
        new(EvidenceErrorKind.Altered, $"'{Path}' line {_lines.Number:N0} {what}: the file was altered after it was written, so its rows cannot be trusted.", _lines.Number)
        {
            RecommendedAction = "Use the file as Export-PixieResult wrote it; to keep part of a result, filter the rows after Import-PixieResult.",
        };

    private PixieEvidenceException NotEvidence(string what) =>
        new(EvidenceErrorKind.NotEvidence, $"'{Path}' {what}: it is not a ChaosPixie evidence file.", 1)
        {
            RecommendedAction = "Give a file that Export-PixieResult wrote (its first line is a header with \"format\":\"chaospixie-evidence\").",
        };

    /// <summary>An open query: its tables by name and its rows so far.</summary>
    private sealed class QueryState(PixieQuery query, long number)
    {
        public PixieQuery Query { get; } = query;

        public long Number { get; } = number;

        public Dictionary<string, TableState> Tables { get; } = new(StringComparer.Ordinal);

        public long Rows { get; set; }
    }

    /// <summary>A table of an open query and what reading its rows needs: one-value cells, kinds, names as UTF-8.</summary>
    private sealed class TableState
    {
        public TableState(PixieTable table, QueryState query)
        {
            Table = table;
            Query = query;
            Kinds = EvidenceValues.KindsOf(table.Columns);
            Cells = Kinds.Select(EvidenceValues.NewCell).ToArray();
            PropertiesUtf8 = table.Columns.Select(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();
            NameUtf8 = Encoding.UTF8.GetBytes(table.Name);
            Factory = table.Shape.Factory;
        }

        public PixieTable Table { get; }

        public QueryState Query { get; }

        public EvidenceValueKind[] Kinds { get; }

        public Array[] Cells { get; }

        public byte[][] PropertiesUtf8 { get; }

        public byte[] NameUtf8 { get; }

        public Func<PixieTable, Array[], int, PixieRow> Factory { get; }

        public long Rows { get; set; }

        public bool Ended { get; set; }
    }
}
