using System.Diagnostics;
using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Encryption;
using ChaosPixie.VizierEmulator.Faults;
using ChaosPixie.VizierEmulator.Hosting;
using ChaosPixie.VizierEmulator.Scenarios;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>The cloud's passthrough VizierService with the query broker behind it, faults included.</summary>
internal sealed class VizierServiceEmulator(Scenario scenario, CloudChecks checks, ILogger<VizierServiceEmulator> logger)
    : VizierService.VizierServiceBase
{
    // HTTP/2 INTERNAL_ERROR: what a proxy that loses its upstream sends; clients see the stream end without trailers.
    private const int Http2InternalError = 0x2;
    private static readonly TimeSpan CutPause = TimeSpan.FromMilliseconds(200);

    public override async Task ExecuteScript(
        ExecuteScriptRequest request,
        IServerStreamWriter<ExecuteScriptResponse> responseStream,
        ServerCallContext context)
    {
        checks.Authenticate(context);
        checks.ScriptCluster(request.ClusterId);
        if (request.QueryId.Length > 0 && request.QueryStr.Length == 0)
        {
            await SuspendedQueries.ResumeAsync(request.QueryId, EncryptingResponseWriter.For(request, responseStream, null), context);
            return;
        }

        var fault = ScriptFault(request.QueryStr) ?? scenario.Fault;
        if (fault?.Kind == FaultKind.CutOnce && !SuspendedQueries.Cuts(request.QueryStr, fault))
        {
            fault = null;
        }

        responseStream = EncryptingResponseWriter.For(request, responseStream, fault);
        var cancel = context.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        // The warm-up query is the emulator's own: it sees the first phase and does not move the scenario on.
        var tables = TableFaults.Apply(fault, context.RequestHeaders.Get(SelfWarmUp.Header) is null ? scenario.TablesForNextQuery() : scenario.Tables);
        var query = new QueryResponses(tables);

        switch (fault?.Kind)
        {
            case FaultKind.Auth:
                throw CloudChecks.AuthFailed();
            case FaultKind.Unavailable:
                throw CloudChecks.Unhealthy();
            case FaultKind.Hang:
                // Nothing is sent; the call ends only when the client cancels or goes away.
                await Task.Delay(Timeout.Infinite, cancel);
                return;
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMs, cancel);
                break;
            case FaultKind.CompileError:
                var error = new CompilerError { Line = (ulong)fault.Line, Column = (ulong)fault.Column, Message = fault.Message };
                await responseStream.WriteAsync(query.Status((int)StatusCode.InvalidArgument, fault.Message, error), cancel);
                throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, fault.Message));
            case FaultKind.NumRows or FaultKind.ColumnLength when tables.Count == 0 || tables[0].Batches.Count == 0:
                throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, "emulator: this fault needs a first table with rows"));
        }

        for (var t = 0; t < tables.Count; t++)
        {
            await responseStream.WriteAsync(query.Metadata(t), cancel);
        }

        switch (fault?.Kind)
        {
            case FaultKind.RuntimeError:
                // Execution fails after some data: each table's first batch, then the error in the stream and the trailer.
                for (var t = 0; t < tables.Count; t++)
                {
                    if (tables[t].Batches.Count > 0)
                    {
                        await responseStream.WriteAsync(query.Batch(t, tables[t].Batches[0], eos: false), cancel);
                    }
                }

                await responseStream.WriteAsync(query.Status(fault.Code, fault.Message), cancel);
                throw new RpcException(new Grpc.Core.Status((StatusCode)fault.Code, fault.Message));
            case FaultKind.Cut:
                await SendFirstBatchesThenReset(query, tables, responseStream, context);
                return;
            case FaultKind.CutOnce:
                var rest = query.Interleaved().Select(b => query.Batch(b.Table, b.Batch, b.Last)).Append(query.Stats(0));
                await SuspendedQueries.CutAsync(query.QueryId, rest, fault, responseStream, context);
                return;
            case FaultKind.UnknownTable:
                var sample = tables.Count > 0 ? tables[0].Batches.FirstOrDefault() ?? tables[0].Empty : new EmulatedBatch([], 0);
                await responseStream.WriteAsync(query.Batch(Guid.NewGuid().ToString(), sample, eos: false), cancel);
                break;
            case FaultKind.RelationChange:
                await responseStream.WriteAsync(query.Metadata(Guid.NewGuid().ToString(), tables[0].Name, TableFaults.ChangedRelation(tables[0])), cancel);
                break;
            case FaultKind.EchoKey:
                // A server that quotes the credential it was given, in the stream's status or only in the trailers.
                var echo = $"token '{context.RequestHeaders.GetValue("pixie-api-key")}' is not allowed to run scripts";
                if (fault.In == "status")
                {
                    await responseStream.WriteAsync(query.Status((int)StatusCode.Internal, echo), cancel);
                }

                throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, echo), new Metadata { { "x-echo", echo } });
            case FaultKind.Reset or FaultKind.GoAway or FaultKind.Stall:
                await SendFirstBatchesThenFail(query, tables, fault, responseStream, context);
                return;
        }

        await EncryptingResponseWriter.WriteAllAsync(responseStream, Responses(query, tables, fault, started), cancel);
    }

    /// <summary>The result's batches in the broker's order, faults applied, then the statistics.</summary>
    private static IEnumerable<ExecuteScriptResponse> Responses(QueryResponses query, IReadOnlyList<EmulatedTable> tables, Fault? fault, long started)
    {
        var tampered = false;
        foreach (var (table, batch, last) in query.Interleaved())
        {
            // missing-eos: the first table's last batch comes without its eos; the stream still ends OK.
            var eos = last && !(fault?.Kind == FaultKind.MissingEos && table == 0);
            var response = query.Batch(table, batch, eos);
            if (table == 0 && !tampered && fault?.Kind is FaultKind.NumRows or FaultKind.ColumnLength)
            {
                Tamper(response.Data.Batch, fault, tables[0]);
                tampered = true;
            }

            yield return response;
        }

        yield return query.Stats((long)(Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1_000_000));
    }

    /// <summary>Pixie's broker reports its health every 5 s for as long as the client listens.</summary>
    public override async Task HealthCheck(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        checks.Authenticate(context);
        checks.ScriptCluster(request.ClusterId);
        while (!context.CancellationToken.IsCancellationRequested)
        {
            await responseStream.WriteAsync(new HealthCheckResponse { Status = new Engine.Pixie.Wire.Status() }, context.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), context.CancellationToken);
        }
    }

    /// <summary>
    /// num-rows: the first table's first batch says num_rows = value, whatever its columns hold. column-length: that
    /// batch's first column holds no values. The scenario's shared columns are not touched.
    /// </summary>
    private static void Tamper(RowBatchData batch, Fault fault, EmulatedTable table)
    {
        if (fault.Kind == FaultKind.NumRows)
        {
            batch.NumRows = fault.Value;
        }
        else
        {
            batch.Cols[0] = Data.Columns.Create(table.Relation.Columns[0].ColumnType, 0);
        }
    }

    /// <summary>
    /// reset, goaway, stall: the metadata went out; now the first table's first batch (no eos), then an HTTP/2
    /// RST_STREAM with the fault's code, a GOAWAY and the connection closed, or nothing more until the client leaves.
    /// </summary>
    private static async Task SendFirstBatchesThenFail(
        QueryResponses query,
        IReadOnlyList<EmulatedTable> tables,
        Fault fault,
        IServerStreamWriter<ExecuteScriptResponse> responseStream,
        ServerCallContext context)
    {
        if (tables.Count > 0 && tables[0].Batches.Count > 0)
        {
            await responseStream.WriteAsync(query.Batch(0, tables[0].Batches[0], eos: false), context.CancellationToken);
        }

        if (fault.Kind == FaultKind.Stall)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return;
        }

        // As for cut: a pause lets the client read what was sent before the stream or connection goes.
        await Task.Delay(CutPause, context.CancellationToken);
        var http = context.GetHttpContext();
        if (fault.Kind == FaultKind.Reset)
        {
            (http.Features.Get<IHttpResetFeature>() ?? throw new InvalidOperationException("the server cannot reset an HTTP/2 stream")).Reset(fault.Code);
            return;
        }

        // GOAWAY: Kestrel sends it on a close request; then the connection itself is dropped under the open stream.
        (http.Features.Get<IConnectionLifetimeNotificationFeature>() ?? throw new InvalidOperationException("the server cannot close the connection")).RequestClose();
        await Task.Delay(CutPause, context.CancellationToken);
        (http.Features.Get<IConnectionLifetimeFeature>() ?? throw new InvalidOperationException("the server cannot drop the connection")).Abort();
    }

    /// <summary>cut: the metadata went out; now half the first table's batches (at least one, none with eos), then a reset.</summary>
    private static async Task SendFirstBatchesThenReset(
        QueryResponses query,
        IReadOnlyList<EmulatedTable> tables,
        IServerStreamWriter<ExecuteScriptResponse> responseStream,
        ServerCallContext context)
    {
        var batches = tables.Count > 0 ? tables[0].Batches : [];
        for (var b = 0; b < Math.Min(batches.Count, Math.Max(1, batches.Count / 2)); b++)
        {
            await responseStream.WriteAsync(query.Batch(0, batches[b], eos: false), context.CancellationToken);
        }

        // A .NET client drops data it has not read yet when a reset arrives; a pause lets it read what was sent, as
        // it would before a real proxy fails. Best effort: under load the client may still lose some of it.
        await Task.Delay(CutPause, context.CancellationToken);
        var reset = context.GetHttpContext().Features.Get<IHttpResetFeature>()
            ?? throw new InvalidOperationException("the server cannot reset an HTTP/2 stream");
        reset.Reset(Http2InternalError);
    }

    private Fault? ScriptFault(string script)
    {
        try
        {
            return FaultLine.Find(script);
        }
        catch (FormatException e)
        {
            // A mistake in a test's #emulator line must not pass for a fault the client handled.
            logger.LogError("bad #emulator line: {Reason}", e.Message);
            throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, $"emulator: bad #emulator line: {e.Message}"));
        }
    }
}
