using ChaosPixie.Engine.Pixie.Encryption;
using ChaosPixie.Engine.Pixie.Resume;
using ChaosPixie.Engine.Pixie.Rows;
using ChaosPixie.Engine.Pixie.Wire;
using Grpc.Core;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// One ExecuteScript call, read as it arrives. <see cref="ReadRows"/> yields each row of the selected tables as its
/// batch is decoded, so memory holds one batch, not the result. Every way the stream can be short (a table without
/// eos, a batch for an unknown table, a non-OK status, a cut connection) ends the enumeration with a PixieException.
/// </summary>
public sealed class PixieScriptRun : IDisposable
{
    private readonly ResumableCall _call;
    private readonly DecryptingReader _responses;
    private readonly CallEncryption? _ownEncryption;
    private readonly PixieScriptOptions _options;
    private readonly string _apiKey;
    private readonly Dictionary<string, PixieTable> _tablesById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PixieTable> _tablesByName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private int _tablesResumes;
    private bool _dataStarted;
    private bool _read;

    internal PixieScriptRun(ResumableCall call, CallEncryption? encryption, bool ownsEncryption, PixieQuery query, PixieScriptOptions options, string apiKey)
    {
        _call = call;
        _responses = new DecryptingReader(call, encryption);
        _ownEncryption = ownsEncryption ? encryption : null;
        Query = query;
        _options = options;
        _apiKey = apiKey;
        Encrypted = encryption is not null;
    }

    /// <summary>What ran, and what the stream has told of it so far.</summary>
    public PixieQuery Query { get; }

    /// <summary>Whether the result was asked for end-to-end encrypted (and so every batch was decrypted).</summary>
    public bool Encrypted { get; }

    /// <summary>How many times the stream was cut and resumed: a resumed result may lack up to two messages.</summary>
    public int Resumes => _call.Resumes;

    /// <summary>A line to show in the verbose stream about a resume, once per resume.</summary>
    public bool TryTakeNote(out string note) => _call.TryTakeNote(out note);

    /// <summary>Every table of the result, in the order their metadata arrived.</summary>
    public IReadOnlyList<PixieTable> Tables => Query.Tables;

    public string? QueryId => Query.QueryId;

    /// <summary>Set once the stream has been read to its end.</summary>
    public PixieExecutionStats? Stats => Query.Stats;

    public long RowCount { get; private set; }

    /// <summary>The rows of the selected tables, in arrival order; can be enumerated once.</summary>
    public IEnumerable<PixieRow> ReadRows()
    {
        if (_read)
        {
            throw new InvalidOperationException("A script's rows can be read once.");
        }

        _read = true;
        return Redacted(Read());
    }

    public void Dispose()
    {
        _responses.Dispose();
        _ownEncryption?.Dispose();
    }

    // Every failure leaves with the API key masked: server text (status messages, trailers, names) may echo it.
    private IEnumerable<PixieRow> Redacted(IEnumerable<PixieRow> rows)
    {
        using var enumerator = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (PixieException e)
            {
                throw PixieErrors.Redact(e, _apiKey);
            }

            yield return enumerator.Current;
        }
    }

    private IEnumerable<PixieRow> Read()
    {
        while (_responses.MoveNext())
        {
            var response = _responses.Current;
            if (_call.Resumes != _tablesResumes)
            {
                MarkResumed();
            }
            if (!string.IsNullOrEmpty(response.QueryId))
            {
                Query.QueryId = response.QueryId;
            }

            if (response.Status is { Code: not 0 } status)
            {
                throw FromStatus(status);
            }

            switch (response.ResultCase)
            {
                case ExecuteScriptResponse.ResultOneofCase.MetaData:
                    AddTable(response.MetaData);
                    break;
                case ExecuteScriptResponse.ResultOneofCase.Data:
                    foreach (var row in ReadData(response.Data))
                    {
                        yield return row;
                    }

                    break;
            }
        }

        CheckComplete();
        Query.IsComplete = true;
    }

    private IEnumerable<PixieRow> ReadData(QueryData data)
    {
        if (!_dataStarted)
        {
            // The broker sends every table's metadata before any data: now a missing table is known.
            _dataStarted = true;
            CheckRequestedTablesExist();
        }

        if (data.ExecutionStats is { } stats)
        {
            Query.Stats = new PixieExecutionStats(
                TimeSpan.FromTicks((stats.Timing?.ExecutionTimeNs ?? 0) / 100),
                TimeSpan.FromTicks((stats.Timing?.CompilationTimeNs ?? 0) / 100),
                stats.BytesProcessed,
                stats.RecordsProcessed);
        }

        if (data.Batch is not { } batch)
        {
            yield break;
        }

        if (!_tablesById.TryGetValue(batch.TableId, out var table))
        {
            throw new PixieException(PixieErrorKind.Protocol, $"Pixie sent a batch for table id '{PixieNames.Short(batch.TableId)}', which no metadata announced.")
            {
                RecommendedAction = PixieErrors.ProtocolAction,
            };
        }

        if (_ended.Contains(table.Id))
        {
            throw new PixieException(PixieErrorKind.Protocol, $"Pixie sent a batch for table '{PixieNames.Short(table.Name)}' after its end of stream.")
            {
                RecommendedAction = PixieErrors.ProtocolAction,
            };
        }

        // Every batch is checked, even one whose rows are not wanted or whose num_rows says it is empty.
        var count = BatchDecoder.Check(table, batch);
        if (count > 0 && IsSelected(table))
        {
            var columns = BatchDecoder.Decode(table, batch);
            var factory = table.Shape.Factory;
            for (var i = 0; i < count; i++)
            {
                RowCount++;
                yield return factory(table, columns, i);
            }
        }

        if (batch.Eos)
        {
            _ended.Add(table.Id);
        }
    }

    private void MarkResumed()
    {
        _tablesResumes = _call.Resumes;
        foreach (var table in Tables)
        {
            table.Resumes = _tablesResumes;
        }
    }

    private void AddTable(QueryMetadata metadata)
    {
        if (_tablesById.ContainsKey(metadata.Id))
        {
            throw new PixieException(PixieErrorKind.Protocol, $"Pixie announced table id '{PixieNames.Short(metadata.Id)}' twice.")
            {
                RecommendedAction = PixieErrors.ProtocolAction,
            };
        }

        var relation = metadata.Relation?.Columns ?? [];
        var names = PixieNames.ForProperties(relation.Select(c => c.ColumnName).ToArray(), _options.Cluster is null ? null : Clusters.PixieClusterTag.PropertyNames);
        var columns = relation
            .Select((c, i) => new PixieColumn(names[i], (PixieDataType)c.ColumnType, (PixieSemanticType)c.ColumnSemanticType, c.ColumnDesc) { SourceName = c.ColumnName })
            .ToArray();

        // Rows of one table name must have one shape: a verdict over rows of two relations would mean nothing.
        if (_tablesByName.TryGetValue(metadata.Name, out var earlier) && !earlier.Columns.SequenceEqual(columns))
        {
            throw new PixieException(
                PixieErrorKind.Protocol,
                $"Pixie announced table '{PixieNames.Short(metadata.Name)}' twice with different relations ({Describe(earlier.Columns)}, then {Describe(columns)}).")
            {
                RecommendedAction = PixieErrors.ProtocolAction,
            };
        }

        var table = new PixieTable(Query, metadata.Id, metadata.Name, columns, _options.Cluster) { Resumes = _tablesResumes };
        _tablesById.Add(metadata.Id, table);
        _tablesByName.TryAdd(table.Name, table);
        Query.Add(table);
    }

    private static string Describe(IReadOnlyList<PixieColumn> columns) =>
        columns.Count == 0 ? "no columns" : string.Join(", ", columns.Take(8).Select(c => $"{PixieNames.Short(c.SourceName)} {c.DataType}")) + (columns.Count > 8 ? ", ..." : string.Empty);

    private bool IsSelected(PixieTable table) => Query.IsSelected(table);

    private void CheckRequestedTablesExist()
    {
        if (_options.TableNames is not { Count: > 0 } names)
        {
            return;
        }

        var missing = names.Where(n => !Tables.Any(t => t.Name == n)).ToArray();
        if (missing.Length > 0)
        {
            var produced = Tables.Count == 0 ? "no table" : string.Join(", ", Tables.Select(t => $"'{PixieNames.Short(t.Name)}'"));
            throw new PixieException(
                PixieErrorKind.NotFound,
                $"The script produced no table named {string.Join(", ", missing.Select(n => $"'{PixieNames.Short(n)}'"))}; it produced {produced}.")
            {
                RecommendedAction = "Pass a -TableName that the script's px.display calls use (Get-PixieScriptFile lists them), or omit -TableName to get every table.",
            };
        }
    }

    private void CheckComplete()
    {
        CheckRequestedTablesExist();
        var unfinished = Tables.Where(t => IsSelected(t) && !_ended.Contains(t.Id)).Select(t => $"'{PixieNames.Short(t.Name)}'").ToArray();
        if (unfinished.Length > 0)
        {
            throw _call.Resumes > 0
                ? new PixieException(
                    PixieErrorKind.Protocol,
                    $"The results are incomplete after resume: query {QueryId} was resumed after a cut, and Pixie lost the end of table {string.Join(", ", unfinished)} across the resume, so none of it can be trusted as whole.")
                {
                    RecommendedAction = "Run the script again, as a fresh query; if streams are cut often, check the proxy or ingress in front of Pixie.",
                }
                : new PixieException(
                    PixieErrorKind.Protocol,
                    $"The result stream ended before the end of table {string.Join(", ", unfinished)}: its rows are incomplete, so none of it can be trusted as whole.")
                {
                    RecommendedAction = "Run the script again; a streaming script (df.stream()) never ends and is not supported.",
                };
        }
    }

    private PixieException FromStatus(Wire.Status status)
    {
        var compilerErrors = status.ErrorDetails
            .Where(d => d.ErrorCase == ErrorDetails.ErrorOneofCase.CompilerError)
            .Select(d => new PixieCompilerError((int)d.CompilerError.Line, (int)d.CompilerError.Column, d.CompilerError.Message))
            .ToArray();
        return compilerErrors.Length > 0
            ? new PixieException(PixieErrorKind.Compilation, PixieCompilerErrorFormatter.Format(Query.Script, compilerErrors), compilerErrors)
            {
                StatusCode = ((StatusCode)status.Code).ToString(),
                RecommendedAction = PixieCompilerErrorFormatter.Recommendation(Query.Script, compilerErrors),
            }
            : PixieErrors.FromScriptStatus(status.Code, status.Message);
    }
}
