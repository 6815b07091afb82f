using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// Asks a server that failed a call whether it answers a TLS handshake, to tell a scheme that does not match the
/// server (http:// to TLS, https:// to plaintext) from a refused certificate or an unreachable server. Used on the
/// error path only; it sends a ClientHello and nothing else, and gives up after a few seconds.
/// </summary>
internal static class TlsProbe
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary>True when the server completes a TLS handshake, false when it answers with something else; null when unknown.</summary>
    public static bool? SpeaksTls(PixieServerAddress server)
    {
        using var deadline = new CancellationTokenSource(Limit);
        try
        {
            using var tcp = new TcpClient();
            tcp.ConnectAsync(server.Uri.Host, server.Uri.Port, deadline.Token).AsTask().GetAwaiter().GetResult();
            using var tls = new SslStream(tcp.GetStream());
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = server.Uri.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http2],

                // Only whether the server speaks TLS matters here; its certificate is judged by the real call.
#pragma warning disable CA5359
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            };
            tls.AuthenticateAsClientAsync(options, deadline.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException && !deadline.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or AuthenticationException)
        {
            return null;
        }
    }
}
