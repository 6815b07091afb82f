using ChaosPixie.Engine.Pixie.Resume;
using ChaosPixie.Engine.Pixie.Wire;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// The responses of a call in the server's order, each encrypted batch replaced by the batch it holds. Batches are
/// decrypted on worker threads while the next messages are read, a few ahead (with RSA-OAEP-256 a batch costs an
/// RSA-4096 private-key operation, milliseconds); the order of the messages never changes. A batch is opened with the
/// call's key pair for the options the request carried (after a fallback, the RSA one). The keys belong to the call,
/// not to this reader: the call's other clusters and its resumes use them too. A batch that cannot be decrypted, an encrypted batch on a request that did
/// not ask for encryption, and a plaintext batch on one that did (a proxy could downgrade the stream) all end the
/// result with an error: no batch is ever skipped.
/// </summary>
internal sealed class DecryptingReader : IDisposable
{
    /// <summary>The largest decrypted batch: the gRPC channel's own limit on a message.</summary>
    private const int MaxBatchBytes = 64 * 1024 * 1024;

    private readonly ResumableCall _call;
    private readonly CallEncryption? _encryption;
    private readonly int _window = Math.Max(2, Environment.ProcessorCount * 2);
    private readonly Queue<Task<ExecuteScriptResponse>> _ready = new();
    private Task<bool>? _pendingRead;
    private bool _ended;
    private long _batches;

    public DecryptingReader(ResumableCall call, CallEncryption? encryption)
    {
        _call = call;
        _encryption = encryption;
    }

    public ExecuteScriptResponse Current { get; private set; } = new();

    /// <summary>The next response, waiting for it (and for its decryption) on this thread.</summary>
    public bool MoveNext()
    {
        Fill();
        if (!_ready.TryDequeue(out var next))
        {
            return false;
        }

        Current = next.GetAwaiter().GetResult();
        return true;
    }

    public void Dispose()
    {
        // A read or decryption still running ends with the call; its outcome is no longer wanted.
        _call.Dispose();
        var running = _ready.Append<Task>(_pendingRead ?? Task.CompletedTask).ToArray();
        try
        {
            Task.WaitAll(running);
        }
        catch (AggregateException)
        {
        }
    }

    // Reads ahead while the oldest response is still being decrypted, up to the window; returns as soon as the
    // oldest is ready and the next message has not arrived, so a slow stream's rows are never held back. A read
    // that failed waits until the responses before it are taken: a status message comes before the call's error.
    private void Fill()
    {
        while (!_ended && _ready.Count < _window)
        {
            _pendingRead ??= _call.MoveNextAsync();
            if (_ready.Count > 0)
            {
                if (!_pendingRead.IsCompleted)
                {
                    Task.WaitAny(_ready.Peek(), _pendingRead);
                }

                if (!_pendingRead.IsCompletedSuccessfully)
                {
                    return;
                }
            }

            var read = _pendingRead;
            _pendingRead = null;
            if (!read.GetAwaiter().GetResult())
            {
                _ended = true;
                return;
            }

            _ready.Enqueue(Prepare(_call.Current));
        }
    }

    private Task<ExecuteScriptResponse> Prepare(ExecuteScriptResponse response)
    {
        if (response.Data is not { } data)
        {
            return Task.FromResult(response);
        }

        if (!data.EncryptedBatch.IsEmpty)
        {
            if (_encryption is null)
            {
                return Task.FromException<ExecuteScriptResponse>(new PixieException(PixieErrorKind.Protocol, "Pixie sent an encrypted batch, but this request did not ask for encryption.")
                {
                    RecommendedAction = PixieErrors.ProtocolAction,
                });
            }

            var number = ++_batches;
            var key = _encryption.KeyFor(_call.EncryptionOptions!);
            return Task.Run(() => Decrypt(response, key, number));
        }

        if (data.Batch is not null)
        {
            _batches++;
            if (_encryption is not null)
            {
                return Task.FromException<ExecuteScriptResponse>(new PixieException(
                    PixieErrorKind.Encryption,
                    "Pixie sent a plaintext batch although this request asked for end-to-end encryption: the server or a proxy in between did not encrypt the result, so it is not used.")
                {
                    RecommendedAction = "A Vizier too old to encrypt, or a standalone Vizier, sends plaintext: if you trust the path to it, run with -NoEncryption (Connect-Pixie -NoEncryption, or the experiment configuration key pixie_no_encryption).",
                });
            }
        }

        return Task.FromResult(response);
    }

    private static ExecuteScriptResponse Decrypt(ExecuteScriptResponse response, JweKey key, long number)
    {
        response.Data.Batch = Open(response.Data.EncryptedBatch.Memory, key, number);
        response.Data.EncryptedBatch = Google.Protobuf.ByteString.Empty;
        return response;
    }

    /// <summary>The row batch that batch <paramref name="number"/>'s JWE holds, or the error that says why it cannot be read.</summary>
    internal static RowBatchData Open(ReadOnlyMemory<byte> encryptedBatch, JweKey key, long number)
    {
        try
        {
            return CompactJwe.Decrypt(encryptedBatch.Span, key, MaxBatchBytes, static plaintext => RowBatchData.Parser.ParseFrom(plaintext));
        }
        catch (Exception e) when (e is JweException or Google.Protobuf.InvalidProtocolBufferException)
        {
            var why = e is JweException ? e.Message : "it decrypted to bytes that are not a row batch";
            throw new PixieException(PixieErrorKind.Encryption, $"Batch {number} of the result cannot be decrypted: {why}. No row of this result is kept.")
            {
                RecommendedAction = "Run the script again. If it repeats, the server or a proxy in between damages encrypted results: report it with the Vizier version that Get-PixieCluster shows.",
            };
        }
    }
}
