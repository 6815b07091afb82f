using System.Security.Authentication;
using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace ChaosPixie.Engine.Pixie;

/// <summary>Turns gRPC failures into <see cref="PixieException"/>s that say what happened and what to do.</summary>
internal static class PixieErrors
{
    private const string KeyAction =
        "Check the API key: Pixie keys start with 'px-api-'; create one with 'px api-key create' or in the Pixie UI (Admin > API Keys), " +
        "then pass it with -ApiKey, Connect-Pixie or PIXIE_API_KEY.";

    /// <summary>What to do about a server that broke the protocol.</summary>
    public const string ProtocolAction =
        "This is a fault of the Pixie server or of a proxy in between, not of the script: run it again, and if it repeats, " +
        "report it with the Vizier version that Get-PixieCluster shows.";

    private const string ResetAction =
        "Run the script again. If it happens again, check the proxy or ingress in front of Pixie (its stream, idle and " +
        "response-size limits) and the cluster's health (Get-PixieCluster).";

    public static PixieException FromRpc(RpcException e, PixieServerAddress server, TimeSpan? timeout)
    {
        var detail = e.Status.Detail;
        var code = e.StatusCode.ToString();
        if (SchemeMismatch(e, server) is { } mismatch)
        {
            return mismatch;
        }

        if (IsReset(e))
        {
            return new PixieException(
                PixieErrorKind.ConnectionReset,
                $"Pixie at {server}, or a proxy in between, ended the call before the result was complete ({(e.Status.DebugException is { } inner ? Innermost(inner).Message : e.Status.Detail)}).",
                e)
            { StatusCode = code, RecommendedAction = ResetAction };
        }

        if (FindInChain<AuthenticationException>(e) is { } tls)
        {
            return new PixieException(PixieErrorKind.Tls, $"The TLS connection to {server} failed: {Innermost(tls).Message}", e)
            {
                StatusCode = code,
                RecommendedAction = "If your Pixie cloud uses a private certificate authority, pass its certificate with -CertificateAuthorityPath. " +
                    "-SkipCertificateCheck turns verification off (not recommended).",
            };
        }

        return e.StatusCode switch
        {
            // Pixie's cloud reports a bad key as INTERNAL "Auth middleware failed ..." (pixie issue #481).
            StatusCode.Unauthenticated or StatusCode.Internal when IsAuthFailure(e) => new PixieException(
                PixieErrorKind.Authentication, $"Pixie at {server} refused the API key ({detail}).", e)
            { StatusCode = code, RecommendedAction = KeyAction },
            StatusCode.PermissionDenied => new PixieException(PixieErrorKind.PermissionDenied, $"Pixie denied the request: {detail}", e) { StatusCode = code, RecommendedAction = KeyAction },
            StatusCode.NotFound => new PixieException(PixieErrorKind.NotFound, $"Pixie found nothing: {detail}", e) { StatusCode = code },
            StatusCode.InvalidArgument => new PixieException(PixieErrorKind.InvalidArgument, $"Pixie rejected the request: {detail}", e) { StatusCode = code },
            StatusCode.DeadlineExceeded => new PixieException(
                PixieErrorKind.Timeout,
                timeout is { } t ? $"Pixie did not finish within {t.TotalSeconds:0.###} s (-TimeoutSec); nothing of the result is kept." : $"Pixie did not answer in time: {detail}",
                e)
            { StatusCode = code, RecommendedAction = "Raise -TimeoutSec (0 waits without limit), or shorten the script's time window." },
            StatusCode.Unavailable => new PixieException(PixieErrorKind.Unavailable, $"Pixie at {server} is unavailable: {Describe(e)}", e)
            {
                StatusCode = code,
                RecommendedAction = "Check the server address (-ServerUrl, PIXIE_SERVER_URL), the network, and that the cluster is healthy (Get-PixieCluster).",
            },
            StatusCode.ResourceExhausted => new PixieException(PixieErrorKind.ResourceExhausted, $"Pixie ran out of resources: {detail}", e) { StatusCode = code },
            StatusCode.Unimplemented => new PixieException(PixieErrorKind.NotFound, $"The server at {server} does not implement this Pixie call: {detail}", e) { StatusCode = code },
            _ => new PixieException(PixieErrorKind.Protocol, $"The call to Pixie at {server} failed ({code}): {Describe(e)}", e) { StatusCode = code },
        };
    }

    /// <summary>
    /// A scheme that does not match the server, told apart by asking the server for a TLS handshake: http:// to a TLS
    /// server fails the HTTP/2 handshake (the server answers the preface with a TLS alert or hangs up), https:// to a
    /// plaintext server fails the TLS handshake on a reply that is no TLS record.
    /// </summary>
    private static PixieException? SchemeMismatch(RpcException e, PixieServerAddress server)
    {
        var connectFailed = e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && e.Status.DebugException is HttpRequestException;
        if (!connectFailed)
        {
            return null;
        }

        if (server.IsPlaintext && FindInChain<AuthenticationException>(e) is null && TlsProbe.SpeaksTls(server) == true)
        {
            return new PixieException(PixieErrorKind.Tls, $"The server at {server} speaks TLS: use https:// (or no scheme) in the server URL.", e)
            {
                StatusCode = e.StatusCode.ToString(),
                RecommendedAction = $"Pass -ServerUrl https://{server.Uri.Host}:{server.Uri.Port} (or set PIXIE_SERVER_URL so).",
            };
        }

        if (!server.IsPlaintext && FindInChain<AuthenticationException>(e) is not null && TlsProbe.SpeaksTls(server) == false)
        {
            return new PixieException(PixieErrorKind.Tls, $"The server at {server} does not speak TLS: use http:// or check the port.", e)
            {
                StatusCode = e.StatusCode.ToString(),
                RecommendedAction = $"For a plaintext server (a standalone Vizier, a local test) pass -ServerUrl http://{server.Uri.Host}:{server.Uri.Port}; otherwise check that the port is the TLS one (443 for Pixie's cloud).",
            };
        }

        return null;
    }

    /// <summary>A non-OK status inside the stream: the script failed on the cluster (compile errors are handled apart).</summary>
    public static PixieException FromScriptStatus(int code, string message) =>
        code == (int)StatusCode.Internal && message.Contains("Auth middleware failed", StringComparison.Ordinal)
            ? new PixieException(PixieErrorKind.Authentication, $"Pixie refused the API key ({message}).") { StatusCode = ((StatusCode)code).ToString(), RecommendedAction = KeyAction }
            : new PixieException(PixieErrorKind.Execution, $"The script failed on the cluster ({(StatusCode)code}): {message}") { StatusCode = ((StatusCode)code).ToString() };

    /// <summary>Masks the API key in an error: a server's status message or trailers may echo it.</summary>
    public static PixieException Redact(PixieException e, string apiKey) => e.Redact(new Experiments.Journal.Redactor([apiKey]));

    /// <summary>
    /// An HTTP/2 RST_STREAM or GOAWAY, or a connection dropped mid-call, as gRPC reports them: CANCELLED (a reset with
    /// CANCEL, which the caller did not ask for: a user's cancel never gets here), or in the exception chain an HTTP/2
    /// protocol error, a response that ended early, or a TCP connection reset by the peer (a refused connection is
    /// not one: that stays Unavailable).
    /// </summary>
    private static bool IsReset(RpcException e) =>
        e.StatusCode == StatusCode.Cancelled ||
        FindInChain<HttpProtocolException>(e) is not null ||
        FindInChain<HttpIOException>(e) is { HttpRequestError: HttpRequestError.ResponseEnded } ||
        FindInChain<SocketException>(e) is { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted } ||
        e.Status.Detail.Contains("RST_STREAM", StringComparison.Ordinal) ||
        e.Status.Detail.Contains("GOAWAY", StringComparison.Ordinal) ||
        e.Status.Detail.Contains("without sending trailers", StringComparison.Ordinal);

    /// <summary>
    /// A cut that Pixie's clients resume after: a reset or dropped stream (see <see cref="IsReset"/>), or UNAVAILABLE,
    /// as the CLI treats it. Everything else is the server's answer.
    /// </summary>
    public static bool IsCut(RpcException e) => IsReset(e) || e.StatusCode == StatusCode.Unavailable;

    private static bool IsAuthFailure(RpcException e) =>
        e.StatusCode == StatusCode.Unauthenticated || e.Status.Detail.Contains("Auth middleware failed", StringComparison.Ordinal);

    private static string Describe(RpcException e) =>
        e.Status.DebugException is { } inner ? $"{e.Status.Detail} ({Innermost(inner).Message})" : e.Status.Detail;

    private static T? FindInChain<T>(RpcException e)
        where T : Exception
    {
        for (Exception? current = e.Status.DebugException; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
