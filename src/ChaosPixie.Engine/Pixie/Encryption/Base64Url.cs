using System.Buffers;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// RFC 4648 base64url without padding, as JOSE writes it. .NET 8 has no Base64Url type (it came with .NET 9), and the
/// engine runs on .NET 8: the alphabet is mapped to standard base64 instead.
/// </summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes ASCII base64url text; null when it is not base64url.</summary>
    public static byte[]? Decode(ReadOnlySpan<byte> ascii)
    {
        var rest = ascii.Length % 4;
        if (rest == 1)
        {
            return null;
        }

        // A batch's ciphertext is tens of kilobytes: the mapped text goes to a rented buffer, the bytes to an exact one.
        var length = ascii.Length + ((4 - rest) % 4);
        var chars = ArrayPool<char>.Shared.Rent(length);
        try
        {
            for (var i = 0; i < ascii.Length; i++)
            {
                var c = (char)ascii[i];
                chars[i] = c switch
                {
                    '-' => '+',
                    '_' => '/',
                    '+' or '/' or '=' => '!', // standard base64's own symbols are not base64url: make them fail below
                    _ => c,
                };
            }

            chars.AsSpan(ascii.Length, length - ascii.Length).Fill('=');
            var bytes = new byte[(ascii.Length / 4 * 3) + (rest == 0 ? 0 : rest - 1)];
            return Convert.TryFromBase64Chars(chars.AsSpan(0, length), bytes, out var written) && written == bytes.Length ? bytes : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
