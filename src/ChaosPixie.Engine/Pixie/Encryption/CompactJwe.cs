using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>Reads a plaintext while its buffer is lent.</summary>
internal delegate T PlaintextReader<out T>(ReadOnlySpan<byte> plaintext);

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

    /// <summary>
    /// What <paramref name="read"/> makes of the plaintext, which is at most <paramref name="maxPlaintext"/> bytes (a
    /// compressed payload could be a bomb). The plaintext lives in pooled buffers that are reused once
    /// <paramref name="read"/> returns: a batch is tens of kilobytes, and a fresh buffer for each would be collected
    /// from the large object heap.
    /// </summary>
    public static T Decrypt<T>(ReadOnlySpan<byte> compact, JweKey key, int maxPlaintext, PlaintextReader<T> read)
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
        var tag = Part(compact[parts[4]], "authentication tag");
        if (iv.Length != IvBytes || tag.Length != TagBytes)
        {
            throw new JweException($"A256GCM takes a {IvBytes}-byte initialization vector and a {TagBytes}-byte tag, the JWE has {iv.Length} and {tag.Length}");
        }

        var ciphertextText = compact[parts[3]];
        var ciphertextLength = Base64Url.DecodedLength(ciphertextText) ?? throw NotBase64Url("ciphertext");
        var ciphertext = ArrayPool<byte>.Shared.Rent(ciphertextLength);
        try
        {
            var content = ciphertext.AsSpan(0, ciphertextLength);
            if (!Base64Url.TryDecode(ciphertextText, content))
            {
                throw NotBase64Url("ciphertext");
            }

            // In place: the buffer is this call's own.
            Open(key.ContentKey(header, encryptedKey), iv, content, tag, protectedHeader);
            if (header.Zip is not null)
            {
                return Inflate(ciphertext, ciphertextLength, maxPlaintext, read);
            }

            return content.Length <= maxPlaintext ? read(content) : throw TooLarge(maxPlaintext);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ciphertext);
        }
    }

    private static void Open(byte[] contentKey, byte[] iv, Span<byte> content, byte[] tag, ReadOnlySpan<byte> protectedHeader)
    {
        try
        {
            if (contentKey.Length != JweKey.ContentKeyBytes)
            {
                throw new JweException($"A256GCM takes a {JweKey.ContentKeyBytes}-byte content key, the JWE has {contentKey.Length}");
            }

            using var aes = new AesGcm(contentKey, TagBytes);
            aes.Decrypt(iv, content, tag, content, protectedHeader);
        }
        catch (CryptographicException)
        {
            // AuthenticationTagMismatchException on .NET 8 and later: the bytes were changed on the way.
            throw new JweException("its authentication tag does not match: the data was altered or damaged on the way");
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

    private static byte[] Part(ReadOnlySpan<byte> text, string what) => Base64Url.Decode(text) ?? throw NotBase64Url(what);

    private static JweException NotBase64Url(string what) => new($"its {what} is not base64url");

    // Into a rented buffer that doubles when full, up to the limit.
    private static T Inflate<T>(byte[] deflated, int length, int maxPlaintext, PlaintextReader<T> read)
    {
        var output = ArrayPool<byte>.Shared.Rent(Math.Min(maxPlaintext, Math.Max(length * 4, 4096)));
        try
        {
            using var input = new DeflateStream(new MemoryStream(deflated, 0, length, writable: false), CompressionMode.Decompress);
            var inflated = 0;
            while (true)
            {
                // A rented buffer can be longer than asked for: the limit, not its length, bounds the plaintext.
                var capacity = Math.Min(output.Length, maxPlaintext);
                var count = input.Read(output, inflated, capacity - inflated);
                if (count == 0)
                {
                    break;
                }

                inflated += count;
                if (inflated < capacity)
                {
                    continue;
                }

                if (capacity == maxPlaintext)
                {
                    if (input.Read(stackalloc byte[1]) > 0)
                    {
                        throw TooLarge(maxPlaintext);
                    }

                    break;
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxPlaintext, output.Length * 2));
                output.AsSpan(0, inflated).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(output);
                output = larger;
            }

            return read(output.AsSpan(0, inflated));
        }
        catch (InvalidDataException)
        {
            throw new JweException("its payload is not raw DEFLATE data");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static JweException TooLarge(int maxPlaintext) => new($"its payload is larger than {maxPlaintext / (1024 * 1024)} MB, the most a batch can hold");
}
