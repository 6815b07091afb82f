using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// Decrypts one JWE in compact serialization (RFC 7516) as Pixie's query broker makes it with jwx:
/// 'header.encryptedKey.iv.ciphertext.tag' in base64url, the content key wrapped with RSA-OAEP-256 (SHA-256, MGF1
/// SHA-256), the content AES-256-GCM with the header's ASCII as additional data, and, with "zip":"DEF", raw DEFLATE
/// (RFC 1951) inside. Only .NET's own cryptography is used. Anything else is refused with the reason.
/// </summary>
internal static class CompactJwe
{
    private const int KeyBytes = 32;
    private const int IvBytes = 12;
    private const int TagBytes = 16;

    /// <summary>The plaintext; at most <paramref name="maxPlaintext"/> bytes, as a compressed payload could be a bomb.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> compact, RSA privateKey, int maxPlaintext)
    {
        var parts = Split(compact);

        var protectedHeader = compact[parts[0]];
        var compressed = ReadHeader(Part(protectedHeader, "header"));
        var encryptedKey = Part(compact[parts[1]], "encrypted key");
        var iv = Part(compact[parts[2]], "initialization vector");
        var ciphertext = Part(compact[parts[3]], "ciphertext");
        var tag = Part(compact[parts[4]], "authentication tag");
        if (iv.Length != IvBytes || tag.Length != TagBytes)
        {
            throw new JweException($"A256GCM takes a {IvBytes}-byte initialization vector and a {TagBytes}-byte tag, the JWE has {iv.Length} and {tag.Length}");
        }

        byte[] key;
        try
        {
            key = privateKey.Decrypt(encryptedKey, RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            throw new JweException("its content key was not encrypted for this call's public key");
        }

        try
        {
            if (key.Length != KeyBytes)
            {
                throw new JweException($"A256GCM takes a {KeyBytes}-byte content key, the JWE has {key.Length}");
            }

            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(key, TagBytes))
            {
                try
                {
                    aes.Decrypt(iv, ciphertext, tag, plaintext, protectedHeader);
                }
                catch (CryptographicException)
                {
                    // AuthenticationTagMismatchException on .NET 8 and later: the bytes were changed on the way.
                    throw new JweException("its authentication tag does not match: the data was altered or damaged on the way");
                }
            }

            if (plaintext.Length > maxPlaintext && !compressed)
            {
                throw TooLarge(maxPlaintext);
            }

            return compressed ? Inflate(plaintext, maxPlaintext) : plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // .NET 8 splits only text spans, not bytes.
    private static Range[] Split(ReadOnlySpan<byte> compact)
    {
        var parts = new Range[5];
        var start = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var dot = i < parts.Length - 1 ? compact[start..].IndexOf((byte)'.') : compact[start..].IndexOf((byte)'.') < 0 ? compact.Length - start : -1;
            if (dot < 0)
            {
                throw new JweException("it is not a compact JWE (five base64url parts separated by '.')");
            }

            parts[i] = new Range(start, start + dot);
            start += dot + 1;
        }

        return parts;
    }

    /// <summary>Checks alg, enc and zip; returns whether the payload is deflated.</summary>
    private static bool ReadHeader(byte[] header)
    {
        string? alg = null, enc = null, zip = null;
        try
        {
            using var document = JsonDocument.Parse(header);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                switch (property.Name)
                {
                    case "alg": alg = value; break;
                    case "enc": enc = value; break;
                    case "zip": zip = value; break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new JweException("its protected header is not a JSON object");
        }

        if (alg != PixieKeyPair.KeyAlgorithm || enc != PixieKeyPair.ContentAlgorithm || zip is not (null or PixieKeyPair.CompressionAlgorithm))
        {
            throw new JweException($"it uses alg '{alg}', enc '{enc}' and zip '{zip ?? "(none)"}'; this call asked for {PixieKeyPair.KeyAlgorithm}, {PixieKeyPair.ContentAlgorithm} and {PixieKeyPair.CompressionAlgorithm}");
        }

        return zip is not null;
    }

    private static byte[] Part(ReadOnlySpan<byte> text, string what) =>
        Base64Url.Decode(text) ?? throw new JweException($"its {what} is not base64url");

    private static byte[] Inflate(byte[] deflated, int maxPlaintext)
    {
        using var input = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
        using var output = new MemoryStream(deflated.Length * 4);
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (output.Length + read > maxPlaintext)
                {
                    throw TooLarge(maxPlaintext);
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            throw new JweException("its payload is not raw DEFLATE data");
        }

        return output.ToArray();
    }

    private static JweException TooLarge(int maxPlaintext) => new($"its payload is larger than {maxPlaintext / (1024 * 1024)} MB, the most a batch can hold");
}
