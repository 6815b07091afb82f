using System.Collections.Concurrent;
using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Faults;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>
/// The cut-once fault and the resume it allows, as Pixie's query broker behaves: the query outlives the cut stream,
/// a request with its query_id (and no script) gets what is still queued, without metadata and without replaying
/// anything, and the message that was in flight at the cut may be lost. A query can be resumed once; an unknown one
/// is answered as the broker answers it.
/// </summary>
internal static class SuspendedQueries
{
    private static readonly ConcurrentDictionary<string, Queue<ExecuteScriptResponse>> Queued = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> CutsByScript = new(StringComparer.Ordinal);

    /// <summary>Whether this query of the script is cut: every one, or with <c>first=n</c> its first n (a script run again is then served whole).</summary>
    public static bool Cuts(string script, Fault fault) =>
        fault.Value == 0 || CutsByScript.AddOrUpdate(script, 1, (_, cuts) => cuts + 1) <= fault.Value;

    /// <summary>
    /// cut-once: the metadata went out; now <c>after</c> messages of the rest, a pause, and an HTTP/2 reset
    /// (INTERNAL_ERROR). The remaining messages stay queued under the query id, less the one the fault loses:
    /// <c>lose=next</c> the message after the cut, <c>lose=eos</c> the first table end still to come.
    /// </summary>
    public static async Task CutAsync(string queryId, IEnumerable<ExecuteScriptResponse> rest, Fault fault, IServerStreamWriter<ExecuteScriptResponse> responseStream, ServerCallContext context)
    {
        var queue = new Queue<ExecuteScriptResponse>(rest);
        for (var i = 0; i < fault.Count && queue.Count > 1; i++)
        {
            await responseStream.WriteAsync(queue.Dequeue(), context.CancellationToken);
        }

        var kept = fault.In switch
        {
            "next" => queue.Skip(1),
            "eos" => WithoutFirstEos(queue),
            _ => queue,
        };
        Queued[queryId] = new Queue<ExecuteScriptResponse>(kept);

        // A pause lets the client read what was sent: a .NET client drops what it has not read when the reset arrives.
        await Task.Delay(fault.DelayMs, context.CancellationToken);
        (context.GetHttpContext().Features.Get<IHttpResetFeature>() ?? throw new InvalidOperationException("the server cannot reset an HTTP/2 stream")).Reset(0x2);
    }

    /// <summary>A resume request: the queued rest of its query, or the broker's answer for a query it does not hold.</summary>
    public static async Task ResumeAsync(string queryId, IServerStreamWriter<ExecuteScriptResponse> responseStream, ServerCallContext context)
    {
        if (!Queued.TryRemove(queryId, out var queue))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unknown, $"error in StreamResults: Query {queryId} not registered in query forwarder"));
        }

        foreach (var response in queue)
        {
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    private static IEnumerable<ExecuteScriptResponse> WithoutFirstEos(IEnumerable<ExecuteScriptResponse> messages)
    {
        var dropped = false;
        foreach (var message in messages)
        {
            if (!dropped && message.Data?.Batch is { Eos: true })
            {
                dropped = true;
                continue;
            }

            yield return message;
        }
    }
}
