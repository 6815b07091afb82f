using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using ChaosPixie.Engine.Pixie.Wire;
using Google.Protobuf;
using Grpc.Core;

namespace ChaosPixie.VizierEmulator.Encryption;

/// <summary>
/// What the query broker does with a request's encryption_options: each row batch is serialized and sealed as a JWE
/// in compact serialization, as jwx lays it out: the payload raw-DEFLATEd (fastest level) when zip is DEF, then
/// AES-256-GCM under a content key with a 12-byte IV, the base64url protected header as additional data and a
/// 16-byte tag. The content key comes from the key algorithm (<see cref="JweKeyManagement"/>): RSA-OAEP-256 wraps a
/// fresh random key for the request's RSA JWK; ECDH-ES agrees on one with a fresh P-256 key per batch, whose public
/// half goes in the header's epk. Written here apart from the client's decryptor, so that one mistake shared by both
/// cannot pass the tests.
/// </summary>
internal sealed class JweEncryptor : IDisposable
{
    private readonly JweKeyManagement _keys;
    private readonly bool _deflate;

    private JweEncryptor(JweKeyManagement keys, bool deflate)
    {
        _keys = keys;
        _deflate = deflate;
    }

    /// <summary>
    /// The encryptor for a request's options; null without options. What jwx cannot parse (the JWK, an algorithm name)
    /// fails the call before any message with UNKNOWN, as the broker's plain Go error does; <paramref name="refuseEc"/>
    /// plays a broker whose jwx knows no ECDH-ES. Options jwx takes but the emulator does not emulate fail with
    /// FAILED_PRECONDITION 'emulator: ...'.
    /// </summary>
    public static JweEncryptor? For(ExecuteScriptRequest.Types.EncryptionOptions? options, bool refuseEc = false)
    {
        if (options is null)
        {
            return null;
        }

        if (options.KeyAlg is not (RsaOaepWrap.Name or EcdhEsAgreement.Name) || (refuseEc && options.KeyAlg == EcdhEsAgreement.Name))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unknown, "invalid jwa.KeyEncryptionAlgorithm value"));
        }

        if (options.ContentAlg != "A256GCM" || options.CompressionAlg is not ("DEF" or ""))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, $"emulator: encryption with '{options.ContentAlg}', '{options.CompressionAlg}' is not emulated (only A256GCM, DEF or none)"));
        }

        try
        {
            using var jwk = JsonDocument.Parse(options.JwkKey);
            JweKeyManagement keys = options.KeyAlg == RsaOaepWrap.Name ? RsaOaepWrap.ForJwk(jwk.RootElement) : EcdhEsAgreement.ForJwk(jwk.RootElement);
            return new JweEncryptor(keys, options.CompressionAlg == "DEF");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or CryptographicException or InvalidOperationException)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unknown, $"failed to parse JWK: {e.Message}"));
        }
    }

    /// <summary>An encryptor for a key of the emulator's own, which no client holds.</summary>
    public static JweEncryptor WithOwnKey() => new(RsaOaepWrap.OwnKey(), deflate: true);

    /// <summary>The JWE text (ASCII) of one batch; <paramref name="damageTag"/> flips a bit of the tag, as a faulty proxy would.</summary>
    public byte[] Encrypt(RowBatchData batch, bool damageTag = false)
    {
        var payload = batch.ToByteArray();
        if (_deflate)
        {
            using var deflated = new MemoryStream();
            using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(payload);
            }

            payload = deflated.ToArray();
        }

        var (key, headerMembers, encryptedKey) = _keys.NextKey();
        var header = new Dictionary<string, object> { ["alg"] = _keys.Algorithm, ["enc"] = "A256GCM" };
        foreach (var (name, value) in headerMembers)
        {
            header[name] = value;
        }

        if (_deflate)
        {
            header["zip"] = "DEF";
        }

        var protectedHeader = Base64Url.EncodeToUtf8(JsonSerializer.SerializeToUtf8Bytes(header));
        var iv = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ciphertext = new byte[payload.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(iv, payload, ciphertext, tag, protectedHeader);
        }

        if (damageTag)
        {
            tag[0] ^= 1;
        }

        // Encoded straight into the result: a batch's ciphertext is tens of kilobytes, sealed on every batch.
        byte[][] parts = [encryptedKey, iv, ciphertext, tag];
        var compact = new byte[protectedHeader.Length + parts.Sum(part => 1 + Base64Url.GetEncodedLength(part.Length))];
        protectedHeader.CopyTo(compact, 0);
        var at = protectedHeader.Length;
        foreach (var part in parts)
        {
            compact[at++] = (byte)'.';
            at += Base64Url.EncodeToUtf8(part, compact.AsSpan(at));
        }

        return compact;
    }

    public void Dispose() => _keys.Dispose();
}

/// <summary>
/// How a JWE's content key is made and told to the recipient: its header members and its encrypted key part. Batches
/// are sealed on several threads at once; .NET's key objects are not documented as thread-safe, so each thread gets
/// its own object for the recipient's key.
/// </summary>
internal abstract class JweKeyManagement<TKey>(Func<TKey> recipient) : JweKeyManagement
    where TKey : IDisposable
{
    private readonly ThreadLocal<TKey> _recipient = new(recipient, trackAllValues: true);

    protected TKey Recipient => _recipient.Value!;

    public override void Dispose()
    {
        foreach (var key in _recipient.Values)
        {
            key.Dispose();
        }

        _recipient.Dispose();
    }
}

/// <summary>A JWE's key algorithm, whatever key object it holds.</summary>
internal abstract class JweKeyManagement : IDisposable
{
    public abstract string Algorithm { get; }

    public abstract (byte[] Key, IReadOnlyDictionary<string, object> Header, byte[] EncryptedKey) NextKey();

    public abstract void Dispose();
}

/// <summary>RSA-OAEP-256: a fresh random content key, wrapped for the recipient's RSA public key.</summary>
internal sealed class RsaOaepWrap(RSAParameters publicKey) : JweKeyManagement<RSA>(() => RSA.Create(publicKey))
{
    public const string Name = "RSA-OAEP-256";

    public override string Algorithm => Name;

    public static RsaOaepWrap ForJwk(JsonElement jwk)
    {
        if (jwk.GetProperty("kty").GetString() != "RSA")
        {
            throw new FormatException("kty is not RSA");
        }

        var parameters = new RSAParameters { Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()!), Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()!) };
        RSA.Create(parameters).Dispose(); // a JWK that is no RSA key fails the request here, not on a worker thread
        return new RsaOaepWrap(parameters);
    }

    public static RsaOaepWrap OwnKey()
    {
        using var own = RSA.Create(2048);
        return new RsaOaepWrap(own.ExportParameters(includePrivateParameters: false));
    }

    public override (byte[] Key, IReadOnlyDictionary<string, object> Header, byte[] EncryptedKey) NextKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (key, new Dictionary<string, object>(), Recipient.Encrypt(key, RSAEncryptionPadding.OaepSHA256));
    }
}

/// <summary>
/// ECDH-ES, direct key agreement, as jwx's encrypter does it: a fresh P-256 key per JWE, its public half in the header's
/// epk (kty, crv, x, y), the shared secret's x coordinate through Concat KDF with SHA-256: SHA-256(00000001 || Z ||
/// len "A256GCM" || "A256GCM" || 00000000 (no apu) || 00000000 (no apv) || 00000100 (256 bits)). No key travels.
/// </summary>
internal sealed class EcdhEsAgreement(ECParameters recipient) : JweKeyManagement<ECDiffieHellman>(() => ECDiffieHellman.Create(recipient))
{
    public const string Name = "ECDH-ES";

    public override string Algorithm => Name;

    public static EcdhEsAgreement ForJwk(JsonElement jwk)
    {
        if (jwk.GetProperty("kty").GetString() != "EC" || jwk.GetProperty("crv").GetString() != "P-256")
        {
            throw new FormatException("not an EC P-256 key");
        }

        var point = new ECPoint { X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()!), Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()!) };
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point };
        ECDiffieHellman.Create(parameters).Dispose(); // a point off the curve fails the request here, not on a worker thread
        return new EcdhEsAgreement(parameters);
    }

    public override (byte[] Key, IReadOnlyDictionary<string, object> Header, byte[] EncryptedKey) NextKey()
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var z = ephemeral.DeriveRawSecretAgreement(Recipient.PublicKey);
        var enc = "A256GCM"u8;
        var input = new byte[4 + z.Length + 4 + enc.Length + 4 + 4 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(input, 1);
        z.CopyTo(input, 4);
        var at = 4 + z.Length;
        BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(at), (uint)enc.Length);
        enc.CopyTo(input.AsSpan(at + 4));
        at += 4 + enc.Length + 8; // apu and apv: zero lengths
        BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(at), 256);
        var q = ephemeral.ExportParameters(includePrivateParameters: false).Q;
        var epk = new Dictionary<string, string> { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(q.X!), ["y"] = Base64Url.EncodeToString(q.Y!) };
        return (SHA256.HashData(input), new Dictionary<string, object> { ["epk"] = epk }, []);
    }
}
