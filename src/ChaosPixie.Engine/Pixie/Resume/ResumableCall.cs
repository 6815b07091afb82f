using System.Collections.Concurrent;
using System.Diagnostics;
using ChaosPixie.Engine.Pixie.Wire;
using Grpc.Core;

namespace ChaosPixie.Engine.Pixie.Resume;

/// <summary>
/// The response stream of one ExecuteScript call that survives a transient cut as Pixie's Go client and CLI do: once
/// the server has named the query (query_id), a stream reset or dropped connection is followed by a new request that
/// carries only the cluster id, that query id and the same encryption options, 1 s after the cut and again each second
/// until 30 s have passed since the last message. The broker keeps the query running, sends no metadata again and
/// replays nothing, so no row comes twice; but it may drop up to two messages across a resume, which is why every
/// resume is counted and reported, never hidden. A status from the server (a compile error, an unknown query, a
/// watchdog) is an answer, not a cut, and is never retried. One exception: a call that fails before its first message
/// with the status a broker gives when it cannot use the encryption options (jwx cannot parse the key or the
/// algorithm names: UNKNOWN) is sent once more with the call's fallback options, when it has some.
/// </summary>
internal sealed class ResumableCall(
    Func<ExecuteScriptRequest, AsyncServerStreamingCall<ExecuteScriptResponse>> start,
    ExecuteScriptRequest request,
    PixieServerAddress server,
    TimeSpan? timeout,
    Encryption.CallEncryption? encryption,
    CancellationToken cancellation) : IDisposable
{
    /// <summary>The Go client's and the CLI's limits: well below the broker's 180 s wait for a consumer.</summary>
    internal static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<string> _notes = new();
    private AsyncServerStreamingCall<ExecuteScriptResponse>? _call;
    private long _lastMessage = Stopwatch.GetTimestamp();
    private bool _answered;
    private volatile bool _disposed;

    public ExecuteScriptResponse Current { get; private set; } = new();

    /// <summary>The first query id the server sent; a resume asks for it.</summary>
    public string? QueryId { get; private set; }

    /// <summary>The encryption options the current request carries (null: plaintext).</summary>
    public ExecuteScriptRequest.Types.EncryptionOptions? EncryptionOptions => request.EncryptionOptions;

    /// <summary>How many times the stream was resumed.</summary>
    public int Resumes { get; private set; }

    /// <summary>A line for the caller's verbose stream per resume, taken from any thread.</summary>
    public bool TryTakeNote(out string note) => _notes.TryDequeue(out note!);

    public async Task<bool> MoveNextAsync()
    {
        PixieException? cut = null;
        while (true)
        {
            try
            {
                _call ??= start(request);
                if (!await _call.ResponseStream.MoveNext(cancellation).ConfigureAwait(false))
                {
                    return false;
                }

                Current = _call.ResponseStream.Current;
                _answered = true;
                if (QueryId is null && Current.QueryId.Length > 0)
                {
                    QueryId = Current.QueryId;
                }

                _lastMessage = Stopwatch.GetTimestamp();
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException("The script was cancelled.", e, cancellation);
            }
            catch (RpcException e) when (_disposed)
            {
                throw new OperationCanceledException("The call was closed.", e);
            }
            catch (RpcException e) when (!_answered && e.StatusCode == StatusCode.Unknown && request.EncryptionOptions is { } refused
                && encryption?.CanFallBack(refused) == true)
            {
                var fallback = encryption.FallbackOptions;
                // Not an answer to the script: nothing of it ran. The server's words go to the note, no key material.
                _call?.Dispose();
                _call = null;
                _notes.Enqueue($"Pixie refused to encrypt with {refused.KeyAlg} ({PixieErrors.FromRpc(e, server, timeout).Message}); running the script again with {fallback.KeyAlg}, as Pixie's own clients ask for it.");
                request = request.Clone();
                request.EncryptionOptions = fallback;
            }
            catch (RpcException e)
            {
                var error = PixieErrors.FromRpc(e, server, timeout);
                if (cut is not null && !PixieErrors.IsCut(e))
                {
                    // The server answered the resume: the query is gone (finished, cancelled, or never known to it).
                    throw new PixieException(PixieErrorKind.ConnectionReset, $"{cut.Message} Resuming query {QueryId} failed: {error.Message}", e)
                    {
                        StatusCode = cut.StatusCode,
                        RecommendedAction = cut.RecommendedAction,
                    };
                }

                cut ??= error;
                if (!PixieErrors.IsCut(e) || QueryId is null)
                {
                    throw error;
                }

                if (Stopwatch.GetElapsedTime(_lastMessage) + RetryPause > RetryWindow)
                {
                    throw new PixieException(PixieErrorKind.ConnectionReset, $"{cut.Message} Resuming query {QueryId} did not succeed within {RetryWindow.TotalSeconds:0} s of the last message.", e)
                    {
                        StatusCode = cut.StatusCode,
                        RecommendedAction = cut.RecommendedAction,
                    };
                }

                await Task.Delay(RetryPause, cancellation).ConfigureAwait(false);
                _call?.Dispose();
                Resumes++;
                _notes.Enqueue($"The stream of query {QueryId} was cut ({error.Message}); resuming it (resume {Resumes}). Pixie may lose up to two messages across a resume, so this result is marked as resumed.");
                request = new ExecuteScriptRequest { ClusterId = request.ClusterId, QueryId = QueryId, EncryptionOptions = request.EncryptionOptions };
                _call = null;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _call?.Dispose();
    }
}
