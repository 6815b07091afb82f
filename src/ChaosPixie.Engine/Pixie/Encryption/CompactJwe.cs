using System.IO.Compression;
using System.Security.Cryptography;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// Decrypts one JWE in compact serialization (RFC 7516) as Pixie's query broker makes it with jwx:
/// 'header.encryptedKey.iv.ciphertext.tag' in base64url, the content key agreed with ECDH-ES or wrapped with
/// RSA-OAEP-256 (see the <see cref="JweKey"/> kinds), the content AES-256-GCM with the header's ASCII as additional
/// data, and, with "zip":"DEF", raw DEFLATE (RFC 1951) inside. Only .NET's own cryptography is used. Anything else is
/// refused with the reason.
/// </summary>
internal static class CompactJwe
{
    private const int IvBytes = 12;
    private const int TagBytes = 16;

    /// <summary>The plaintext; at most <paramref name="maxPlaintext"/> bytes, as a compressed payload could be a bomb.</summary>
    public static ReadOnlyMemory<byte> Decrypt(ReadOnlySpan<byte> compact, JweKey key, int maxPlaintext)
    {
        var parts = Split(compact);

        var protectedHeader = compact[parts[0]];
        var header = JweHeader.Parse(Part(protectedHeader, "header"));
        if (header.Alg != key.Algorithm || header.Enc != JweKey.ContentAlgorithm || header.Zip is not (null or JweKey.CompressionAlgorithm))
        {
            throw new JweException($"it uses alg '{header.Alg}', enc '{header.Enc}' and zip '{header.Zip ?? "(none)"}'; this request asked for {key.Algorithm}, {JweKey.ContentAlgorithm} and {JweKey.CompressionAlgorithm}");
        }

        var encryptedKey = Part(compact[parts[1]], "encrypted key");
        var iv = Part(compact[parts[2]], "initialization vector");
        var ciphertext = Part(compact[parts[3]], "ciphertext");
        var tag = Part(compact[parts[4]], "authentication tag");
        if (iv.Length != IvBytes || tag.Length != TagBytes)
        {
            throw new JweException($"A256GCM takes a {IvBytes}-byte initialization vector and a {TagBytes}-byte tag, the JWE has {iv.Length} and {tag.Length}");
        }

        var contentKey = key.ContentKey(header, encryptedKey);
        try
        {
            if (contentKey.Length != JweKey.ContentKeyBytes)
            {
                throw new JweException($"A256GCM takes a {JweKey.ContentKeyBytes}-byte content key, the JWE has {contentKey.Length}");
            }

            // In place: the ciphertext's buffer is this call's own.
            using (var aes = new AesGcm(contentKey, TagBytes))
            {
                try
                {
                    aes.Decrypt(iv, ciphertext, tag, ciphertext, protectedHeader);
                }
                catch (CryptographicException)
                {
                    // AuthenticationTagMismatchException on .NET 8 and later: the bytes were changed on the way.
                    throw new JweException("its authentication tag does not match: the data was altered or damaged on the way");
                }
            }

            if (header.Zip is null)
            {
                return ciphertext.Length <= maxPlaintext ? ciphertext : throw TooLarge(maxPlaintext);
            }

            return Inflate(ciphertext, maxPlaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
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

    private static byte[] Part(ReadOnlySpan<byte> text, string what) =>
        Base64Url.Decode(text) ?? throw new JweException($"its {what} is not base64url");

    private static ReadOnlyMemory<byte> Inflate(byte[] deflated, int maxPlaintext)
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

        // The stream's own buffer, not a copy of it: it outlives the stream.
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    private static JweException TooLarge(int maxPlaintext) => new($"its payload is larger than {maxPlaintext / (1024 * 1024)} MB, the most a batch can hold");
}
