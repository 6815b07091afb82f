using ChaosPixie.Engine.Pixie.Wire;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// A key pair a call asks Pixie to encrypt its rows for: the public half goes to the server as a JWK in the request's
/// encryption_options with the key algorithm's JOSE name, A256GCM and DEF; the private half never leaves the object
/// and never appears in text. Each JWE the server sends is opened with <see cref="ContentKey"/>, from any thread.
/// </summary>
internal abstract class JweKey : IDisposable
{
    public const string ContentAlgorithm = "A256GCM";
    public const string CompressionAlgorithm = "DEF";

    /// <summary>The content key's length for A256GCM.</summary>
    public const int ContentKeyBytes = 32;

    protected JweKey(string algorithm, string publicJwk)
    {
        Options = new ExecuteScriptRequest.Types.EncryptionOptions
        {
            JwkKey = publicJwk,
            KeyAlg = algorithm,
            ContentAlg = ContentAlgorithm,
            CompressionAlg = CompressionAlgorithm,
        };
    }

    /// <summary>The key algorithm's JOSE name (the JWE header's alg).</summary>
    public string Algorithm => Options.KeyAlg;

    /// <summary>What a request carries: the public key and the algorithms; the same on every resume.</summary>
    public ExecuteScriptRequest.Types.EncryptionOptions Options { get; }

    /// <summary>A fresh key pair for the algorithm's JOSE name (one of <see cref="PixieKeyAlgorithms"/>).</summary>
    public static JweKey Create(string algorithm) => algorithm switch
    {
        EcdhEsKey.Name => EcdhEsKey.Create(),
        RsaOaepKey.Name => RsaOaepKey.Create(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a key algorithm ChaosPixie asks for"),
    };

    /// <summary>
    /// The content key of one JWE this key's algorithm made, from its protected header and encrypted key (base64url
    /// decoded); a JWE that was not made for this key is a <see cref="JweException"/>. The caller wipes the result.
    /// </summary>
    public abstract byte[] ContentKey(JweHeader header, byte[] encryptedKey);

    public abstract void Dispose();
}
