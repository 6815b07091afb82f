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
        if (ascii.Length % 4 == 1)
        {
            return null;
        }

        var chars = new char[ascii.Length + ((4 - (ascii.Length % 4)) % 4)];
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

        chars.AsSpan(ascii.Length).Fill('=');
        var bytes = new byte[chars.Length / 4 * 3];
        return Convert.TryFromBase64Chars(chars, bytes, out var written) ? bytes[..written] : null;
    }
}
