namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// Where Pixie's API listens. Pixie's clients take 'host' or 'host:port' and always use TLS; ChaosPixie also takes
/// 'https://host:port', and 'http://host:port' for plaintext HTTP/2 (a standalone PEM, local tests).
/// </summary>
public sealed record PixieServerAddress(Uri Uri)
{
    /// <summary>pxapi's default cloud (Python's DEFAULT_PIXIE_URL, Go's defaultCloudAddr).</summary>
    public const string Default = "work.withpixie.ai:443";

    public bool IsPlaintext => Uri.Scheme == Uri.UriSchemeHttp;

    public static PixieServerAddress Parse(string text)
    {
        var trimmed = text.Trim();
        var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            string.IsNullOrEmpty(uri.Host) ||
            uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            throw new PixieException(PixieErrorKind.Configuration, $"'{text}' is not a Pixie server address.")
            {
                RecommendedAction = $"Use 'host', 'host:port' or 'https://host:port' (TLS), or 'http://host:port' for plaintext; the default is {Default}.",
            };
        }

        // Without an explicit port, gRPC's default for TLS is 443, as pxapi does.
        return new PixieServerAddress(new UriBuilder(uri.Scheme, uri.Host, uri.IsDefaultPort ? (uri.Scheme == Uri.UriSchemeHttps ? 443 : 80) : uri.Port).Uri);
    }

    public override string ToString() => IsPlaintext ? Uri.GetLeftPart(UriPartial.Authority) : $"{Uri.Host}:{Uri.Port}";
}
