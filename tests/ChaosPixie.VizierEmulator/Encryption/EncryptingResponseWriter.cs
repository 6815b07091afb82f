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

    public Task WriteAsync(ExecuteScriptResponse message, CancellationToken cancellationToken)
    {
        if (message.Data?.Batch is not { } batch)
        {
            return inner.WriteAsync(message, cancellationToken);
        }

        var spoil = !_spoiled && fault?.Kind is FaultKind.PlaintextBatch or FaultKind.BadTag;
        _spoiled |= spoil;
        if (spoil && fault!.Kind == FaultKind.PlaintextBatch)
        {
            return inner.WriteAsync(message, cancellationToken);
        }

        var sealedBatch = encryptor.Encrypt(batch, damageTag: spoil);
        var data = new QueryData { EncryptedBatch = ByteString.CopyFrom(sealedBatch), ExecutionStats = message.Data.ExecutionStats };
        return inner.WriteAsync(new ExecuteScriptResponse { QueryId = message.QueryId, Data = data, Status = message.Status }, cancellationToken);
    }
}
