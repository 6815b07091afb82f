using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// Builds the gRPC channel: TLS verified against the system's roots, or against a user-supplied CA (a self-hosted
/// Pixie cloud) and nothing else; verification off only when the user asked for it; plaintext HTTP/2 for http:// URLs.
/// </summary>
internal static class PixieChannel
{
    public static GrpcChannel Create(PixieConnectionOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };

        if (!options.Server.IsPlaintext)
        {
            if (options.SkipCertificateCheck)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            }
            else if (options.CertificateAuthorityPath is { } caPath)
            {
                var authorities = LoadAuthorities(caPath);
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && IsTrustedBy(authorities, new X509Certificate2(certificate), errors);
            }
        }

        return GrpcChannel.ForAddress(options.Server.Uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        if (!File.Exists(path))
        {
            throw new PixieException(PixieErrorKind.CertificateAuthorityNotFound, $"The CA certificate file '{path}' does not exist.")
            {
                Target = path,
                RecommendedAction = "Pass the path of the PEM file of the certificate authority that signed your Pixie cloud's certificate.",
            };
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new PixieException(PixieErrorKind.CertificateAuthorityInvalid, $"Cannot read the CA certificate '{path}': {e.Message}", e)
            {
                Target = path,
                RecommendedAction = "Pass a readable PEM file ('-----BEGIN CERTIFICATE-----') of the certificate authority that signed your Pixie cloud's certificate.",
            };
        }

        if (authorities.Count == 0)
        {
            throw new PixieException(PixieErrorKind.CertificateAuthorityInvalid, $"The file '{path}' holds no PEM certificate.")
            {
                Target = path,
                RecommendedAction = "Pass a PEM file ('-----BEGIN CERTIFICATE-----') of your Pixie cloud's certificate authority.",
            };
        }

        return authorities;
    }

    // The name must still match; only the chain is judged against the given authorities instead of the system's.
    private static bool IsTrustedBy(X509Certificate2Collection authorities, X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
