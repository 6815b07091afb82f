using System.Security.Authentication;
using Grpc.Core;

namespace ChaosPixie.Engine.Pixie;

/// <summary>Turns gRPC failures into <see cref="PixieException"/>s that say what happened and what to do.</summary>
internal static class PixieErrors
{
    private const string KeyAction =
        "Check the API key: Pixie keys start with 'px-api-'; create one with 'px api-key create' or in the Pixie UI (Admin > API Keys), " +
        "then pass it with -ApiKey, Connect-Pixie or PIXIE_API_KEY.";

    public static PixieException FromRpc(RpcException e, PixieServerAddress server, TimeSpan? timeout)
    {
        var detail = e.Status.Detail;
        var code = e.StatusCode.ToString();
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
                timeout is { } t ? $"Pixie did not answer within {t.TotalSeconds:0.###} s (-TimeoutSec)." : $"Pixie did not answer in time: {detail}",
                e)
            { StatusCode = code, RecommendedAction = "Raise -TimeoutSec, or shorten the script's time window." },
            StatusCode.Unavailable => new PixieException(PixieErrorKind.Unavailable, $"Pixie at {server} is unavailable: {Describe(e)}", e)
            {
                StatusCode = code,
                RecommendedAction = "Check the server address (-ServerUrl, PIXIE_SERVER_URL), the network, and that the cluster is healthy (Get-PixieCluster).",
            },
            StatusCode.Cancelled => new PixieException(PixieErrorKind.Cancelled, "The script was cancelled.", e) { StatusCode = code },
            StatusCode.ResourceExhausted => new PixieException(PixieErrorKind.ResourceExhausted, $"Pixie ran out of resources: {detail}", e) { StatusCode = code },
            StatusCode.Unimplemented => new PixieException(PixieErrorKind.NotFound, $"The server at {server} does not implement this Pixie call: {detail}", e) { StatusCode = code },
            _ => new PixieException(PixieErrorKind.Protocol, $"The call to Pixie at {server} failed ({code}): {Describe(e)}", e) { StatusCode = code },
        };
    }

    /// <summary>A non-OK status inside the stream: the script failed on the cluster (compile errors are handled apart).</summary>
    public static PixieException FromScriptStatus(int code, string message) =>
        code == (int)StatusCode.Internal && message.Contains("Auth middleware failed", StringComparison.Ordinal)
            ? new PixieException(PixieErrorKind.Authentication, $"Pixie refused the API key ({message}).") { StatusCode = ((StatusCode)code).ToString(), RecommendedAction = KeyAction }
            : new PixieException(PixieErrorKind.Execution, $"The script failed on the cluster ({(StatusCode)code}): {message}") { StatusCode = ((StatusCode)code).ToString() };

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
