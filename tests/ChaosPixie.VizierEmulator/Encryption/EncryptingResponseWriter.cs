using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Faults;
using Google.Protobuf;
using Grpc.Core;

namespace ChaosPixie.VizierEmulator.Encryption;

/// <summary>
/// The response stream of a request that asked for encryption: every message with a row batch goes out with the
/// batch sealed in encrypted_batch instead; metadata, status and statistics stay plaintext, as the broker sends them.
/// The faults plaintext-batch and bad-tag spoil the first batch: sent unencrypted, or with a damaged tag;
/// encrypt-unasked encrypts the batches of a request that did not ask for it, with a key of the emulator's own;
/// refuse-ec-keys fails a request that asks for ECDH-ES before any message, as a broker whose jwx lacks it would.
/// </summary>
internal sealed class EncryptingResponseWriter(IServerStreamWriter<ExecuteScriptResponse> inner, JweEncryptor encryptor, Fault? fault)
    : IServerStreamWriter<ExecuteScriptResponse>
{
    private bool _spoiled;

    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    /// <summary>The stream to write a request's responses to: this writer when the request asked for encryption.</summary>
    public static IServerStreamWriter<ExecuteScriptResponse> For(ExecuteScriptRequest request, IServerStreamWriter<ExecuteScriptResponse> inner, Fault? fault) =>
        (fault?.Kind == FaultKind.EncryptUnasked && request.EncryptionOptions is null ? JweEncryptor.WithOwnKey() : JweEncryptor.For(request.EncryptionOptions, refuseEc: fault?.Kind == FaultKind.RefuseEcKeys)) is { } encryptor
            ? new EncryptingResponseWriter(inner, encryptor, fault)
            : inner;

    public Task WriteAsync(ExecuteScriptResponse message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(ExecuteScriptResponse message, CancellationToken cancellationToken) =>
        inner.WriteAsync(Sealing(message) is { } seal ? seal() : message, cancellationToken);

    /// <summary>
    /// Writes <paramref name="messages"/> in order to <paramref name="stream"/>. On an encrypting stream the next batches
    /// are sealed on worker threads while earlier ones go out, a few ahead, as the broker's encryption keeps up with
    /// its sink: a client is measured against the stream, not against one thread sealing batch after batch.
    /// </summary>
    public static async Task WriteAllAsync(IServerStreamWriter<ExecuteScriptResponse> stream, IEnumerable<ExecuteScriptResponse> messages, CancellationToken cancellationToken)
    {
        if (stream is not EncryptingResponseWriter writer)
        {
            foreach (var message in messages)
            {
                await stream.WriteAsync(message, cancellationToken);
            }

            return;
        }

        await writer.WriteAheadAsync(messages, cancellationToken);
    }

    private async Task WriteAheadAsync(IEnumerable<ExecuteScriptResponse> messages, CancellationToken cancellationToken)
    {
        var window = Math.Max(2, Environment.ProcessorCount * 2);
        var ahead = new Queue<Task<ExecuteScriptResponse>>();
        foreach (var message in messages)
        {
            // Which batch a fault spoils is decided here, in the stream's order; only the sealing runs ahead.
            ahead.Enqueue(Sealing(message) is { } seal ? Task.Run(seal, cancellationToken) : Task.FromResult(message));
            if (ahead.Count >= window)
            {
                await inner.WriteAsync(await ahead.Dequeue(), cancellationToken);
            }
        }

        while (ahead.Count > 0)
        {
            await inner.WriteAsync(await ahead.Dequeue(), cancellationToken);
        }
    }

    /// <summary>What turns a message into the one to send, or null when it goes out as it is.</summary>
    private Func<ExecuteScriptResponse>? Sealing(ExecuteScriptResponse message)
    {
        if (message.Data?.Batch is not { } batch)
        {
            return null;
        }

        var spoil = !_spoiled && fault?.Kind is FaultKind.PlaintextBatch or FaultKind.BadTag;
        _spoiled |= spoil;
        if (spoil && fault!.Kind == FaultKind.PlaintextBatch)
        {
            return null;
        }

        return () =>
        {
            var data = new QueryData { EncryptedBatch = ByteString.CopyFrom(encryptor.Encrypt(batch, damageTag: spoil)), ExecutionStats = message.Data.ExecutionStats };
            return new ExecuteScriptResponse { QueryId = message.QueryId, Data = data, Status = message.Status };
        };
    }
}
