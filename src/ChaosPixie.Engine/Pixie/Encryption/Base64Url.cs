using System.Buffers;
using System.Buffers.Text;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// RFC 4648 base64url without padding, as JOSE writes it. .NET 8 has no Base64Url type (it came with .NET 9), and the
/// engine runs on .NET 8: the alphabet is mapped to standard base64, whose decoder is vectorized.
/// </summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes ASCII base64url text; null when it is not base64url.</summary>
    public static byte[]? Decode(ReadOnlySpan<byte> ascii)
    {
        if (DecodedLength(ascii) is not { } length)
        {
            return null;
        }

        var bytes = new byte[length];
        return TryDecode(ascii, bytes) ? bytes : null;
    }

    /// <summary>How many bytes <paramref name="ascii"/> decodes to; null when no base64url text has its length.</summary>
    public static int? DecodedLength(ReadOnlySpan<byte> ascii) =>
        ascii.Length % 4 == 1 ? null : (ascii.Length / 4 * 3) + Math.Max(0, (ascii.Length % 4) - 1);

    /// <summary>
    /// Decodes ASCII base64url text into exactly <see cref="DecodedLength"/> bytes at the start of
    /// <paramref name="destination"/>; false when it is not base64url.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> ascii, Span<byte> destination)
    {
        // Standard base64's own symbols and padding are not base64url.
        if (DecodedLength(ascii) is not { } length || destination.Length < length || ascii.IndexOfAny("+/="u8) >= 0)
        {
            return false;
        }

        // A batch's ciphertext is tens of kilobytes: the mapped text goes to a rented buffer.
        var padded = ascii.Length + ((4 - (ascii.Length % 4)) % 4);
        var text = ArrayPool<byte>.Shared.Rent(padded);
        try
        {
            var standard = text.AsSpan(0, padded);
            ascii.CopyTo(standard);
            standard[ascii.Length..].Fill((byte)'=');
            standard.Replace((byte)'-', (byte)'+');
            standard.Replace((byte)'_', (byte)'/');
            return Base64.DecodeFromUtf8(standard, destination[..length], out var consumed, out var written) == OperationStatus.Done
                && consumed == padded && written == length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }
}
