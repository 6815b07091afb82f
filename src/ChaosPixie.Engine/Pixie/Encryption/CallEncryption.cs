using ChaosPixie.Engine.Pixie.Wire;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// The end-to-end encryption of one call: the key pair its requests carry, made once per call (never per batch) and
/// shared by the call's clusters, its resumes and a chaospixie probe's run again, and no other call. When the
/// algorithm was not chosen (ECDH-ES by default) and a server refuses it, that server's request is sent once more with
/// an RSA-OAEP-256 key pair, made then, once for the call, as Pixie's own clients ask for it.
/// </summary>
internal sealed class CallEncryption : IDisposable
{
    private readonly JweKey _first;
    private readonly Lazy<JweKey>? _fallback;

    public CallEncryption(JweKey first, bool fallBack)
    {
        _first = first;
        _fallback = fallBack && first.Algorithm != RsaOaepKey.Name ? new Lazy<JweKey>(RsaOaepKey.Create, LazyThreadSafetyMode.ExecutionAndPublication) : null;
    }

    /// <summary>What a request carries first.</summary>
    public ExecuteScriptRequest.Types.EncryptionOptions Options => _first.Options;

    /// <summary>Whether a server that refused <paramref name="refused"/> gets other options: the algorithm was not chosen, and not yet the fallback's.</summary>
    public bool CanFallBack(ExecuteScriptRequest.Types.EncryptionOptions refused) => _fallback is not null && refused.KeyAlg == _first.Algorithm;

    /// <summary>The fallback's options; its key pair is made on the first call (a prime search, about a second).</summary>
    public ExecuteScriptRequest.Types.EncryptionOptions FallbackOptions => _fallback!.Value.Options;

    /// <summary>The key pair of this call for a request that carried <paramref name="options"/>.</summary>
    public JweKey KeyFor(ExecuteScriptRequest.Types.EncryptionOptions options) =>
        options.KeyAlg == _first.Algorithm ? _first : _fallback!.Value;

    public void Dispose()
    {
        _first.Dispose();
        if (_fallback is { IsValueCreated: true } fallback)
        {
            fallback.Value.Dispose();
        }
    }
}
