using System.Buffers;
using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Scenarios;
using Google.Protobuf;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>
/// The messages of one query, as the query broker words them: one query id on every message and a fresh table id
/// per table. Batches reuse the tables' prebuilt columns.
/// </summary>
internal sealed class QueryResponses
{
    private readonly IReadOnlyList<EmulatedTable> tables;
    private readonly string[] tableIds;

    public QueryResponses(IReadOnlyList<EmulatedTable> tables)
    {
        this.tables = tables;
        tableIds = tables.Select(_ => Guid.NewGuid().ToString()).ToArray();
    }

    public string QueryId { get; } = Guid.NewGuid().ToString();

    public ExecuteScriptResponse Metadata(int table) => new()
    {
        QueryId = QueryId,
        MetaData = new QueryMetadata { Relation = tables[table].Relation, Name = tables[table].Name, Id = tableIds[table] },
    };

    /// <summary>A metadata message for any id, name and relation: a table announced again with another relation.</summary>
    public ExecuteScriptResponse Metadata(string id, string name, Relation relation) => new()
    {
        QueryId = QueryId,
        MetaData = new QueryMetadata { Relation = relation, Name = name, Id = id },
    };

    /// <summary>A batch of a table; eos ends the table (eow too, as for a table that does not stream).</summary>
    public ExecuteScriptResponse Batch(int table, EmulatedBatch batch, bool eos) => Batch(tableIds[table], batch, eos);

    /// <summary>A batch under any table id, even one no metadata announced.</summary>
    public ExecuteScriptResponse Batch(string tableId, EmulatedBatch batch, bool eos)
    {
        var data = new RowBatchData { TableId = tableId, NumRows = batch.RowCount, Eos = eos, Eow = eos };
        data.Cols.AddRange(batch.Columns);
        return new ExecuteScriptResponse { QueryId = QueryId, Data = new QueryData { Batch = data } };
    }

    /// <summary>
    /// Every table's batches in the broker's order: round robin across tables, each table's last batch flagged (a
    /// table without rows gets one empty batch for its eos).
    /// </summary>
    public IEnumerable<(int Table, EmulatedBatch Batch, bool Last)> Interleaved()
    {
        var rounds = tables.Count == 0 ? 0 : Math.Max(1, tables.Max(t => t.Batches.Count));
        for (var round = 0; round < rounds; round++)
        {
            for (var t = 0; t < tables.Count; t++)
            {
                var batches = tables[t].Batches;
                if (batches.Count == 0 && round == 0)
                {
                    yield return (t, tables[t].Empty, true);
                }
                else if (round < batches.Count)
                {
                    yield return (t, batches[round], round == batches.Count - 1);
                }
            }
        }
    }

    public ExecuteScriptResponse Stats(long executionTimeNs) => new()
    {
        QueryId = QueryId,
        Data = new QueryData
        {
            ExecutionStats = new QueryExecutionStats
            {
                Timing = new QueryTimingInfo { ExecutionTimeNs = executionTimeNs, CompilationTimeNs = 1_000_000 },
                BytesProcessed = tables.Sum(t => t.BytesProcessed),
                RecordsProcessed = tables.Sum(t => t.RowCount),
            },
        },
    };

    /// <summary>
    /// Serializes one query's messages of every kind once, the way gRPC does, so that the JIT compiles that code at
    /// start rather than while the first large query streams.
    /// </summary>
    public static void WarmUp(IReadOnlyList<EmulatedTable> tables)
    {
        var query = new QueryResponses(tables);
        var buffer = new ArrayBufferWriter<byte>();
        for (var t = 0; t < tables.Count; t++)
        {
            query.Metadata(t).WriteTo(buffer);
            if (tables[t].Batches.Count > 0)
            {
                var batch = query.Batch(t, tables[t].Batches[0], eos: false);
                buffer.ResetWrittenCount();
                buffer.GetSpan(batch.CalculateSize());
                batch.WriteTo(buffer);
            }
        }

        query.Stats(0).WriteTo(buffer);
    }

    /// <summary>A status-only message: how the broker reports compile and execution errors in the stream.</summary>
    public ExecuteScriptResponse Status(int code, string message, CompilerError? compilerError = null)
    {
        var status = new Engine.Pixie.Wire.Status { Code = code, Message = message };
        if (compilerError is not null)
        {
            status.ErrorDetails.Add(new ErrorDetails { CompilerError = compilerError });
        }

        return new ExecuteScriptResponse { QueryId = QueryId, Status = status };
    }
}
