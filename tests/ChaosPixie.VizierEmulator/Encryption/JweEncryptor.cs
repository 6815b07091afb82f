using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChaosPixie.Engine.Pixie.Wire;
using Google.Protobuf;
using Grpc.Core;

namespace ChaosPixie.VizierEmulator.Encryption;

/// <summary>
/// What the query broker does with a request's encryption_options: each row batch is serialized and sealed as a JWE
/// in compact serialization, as jwx lays it out: protected header {"alg":"RSA-OAEP-256","enc":"A256GCM","zip":"DEF"},
/// a fresh 32-byte content key wrapped with RSA-OAEP-256 for the request's public JWK, a 12-byte IV, the payload
/// raw-DEFLATEd (fastest level) then AES-256-GCM with the header's ASCII as additional data, a 16-byte tag. Written
/// here apart from the client's decryptor, so that one mistake shared by both cannot pass the tests.
/// </summary>
internal sealed class JweEncryptor : IDisposable
{
    private readonly RSA _publicKey;
    private readonly byte[] _header;

    private JweEncryptor(RSA publicKey, bool deflate)
    {
        _publicKey = publicKey;
        Deflate = deflate;
        var header = deflate ? """{"alg":"RSA-OAEP-256","enc":"A256GCM","zip":"DEF"}""" : """{"alg":"RSA-OAEP-256","enc":"A256GCM"}""";
        _header = Encoding.ASCII.GetBytes(B64(Encoding.UTF8.GetBytes(header)));
    }

    public bool Deflate { get; }

    /// <summary>The encryptor for a request's options; null without options. Options it cannot honour fail the call, as the broker's do.</summary>
    public static JweEncryptor? For(ExecuteScriptRequest.Types.EncryptionOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        if (options.KeyAlg != "RSA-OAEP-256" || options.ContentAlg != "A256GCM" || options.CompressionAlg is not ("DEF" or ""))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, $"emulator: encryption with '{options.KeyAlg}', '{options.ContentAlg}', '{options.CompressionAlg}' is not emulated (only RSA-OAEP-256, A256GCM, DEF or none)"));
        }

        try
        {
            using var jwk = JsonDocument.Parse(options.JwkKey);
            var root = jwk.RootElement;
            if (root.GetProperty("kty").GetString() != "RSA")
            {
                throw new FormatException("kty is not RSA");
            }

            var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = FromB64(root.GetProperty("n").GetString()!), Exponent = FromB64(root.GetProperty("e").GetString()!) });
            return new JweEncryptor(rsa, options.CompressionAlg == "DEF");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or CryptographicException or InvalidOperationException)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, $"failed to parse the encryption key: {e.Message}"));
        }
    }

    /// <summary>An encryptor for a key of the emulator's own, which no client holds.</summary>
    public static JweEncryptor WithOwnKey() => new(RSA.Create(2048), deflate: true);

    /// <summary>The JWE text (ASCII) of one batch; <paramref name="damageTag"/> flips a bit of the tag, as a faulty proxy would.</summary>
    public byte[] Encrypt(RowBatchData batch, bool damageTag = false)
    {
        var payload = batch.ToByteArray();
        if (Deflate)
        {
            using var deflated = new MemoryStream();
            using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(payload);
            }

            payload = deflated.ToArray();
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ciphertext = new byte[payload.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(iv, payload, ciphertext, tag, _header);
        }

        if (damageTag)
        {
            tag[0] ^= 1;
        }

        var wrapped = _publicKey.Encrypt(key, RSAEncryptionPadding.OaepSHA256);
        return Encoding.ASCII.GetBytes($"{Encoding.ASCII.GetString(_header)}.{B64(wrapped)}.{B64(iv)}.{B64(ciphertext)}.{B64(tag)}");
    }

    public void Dispose() => _publicKey.Dispose();

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
