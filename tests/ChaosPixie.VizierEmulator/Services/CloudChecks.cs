using ChaosPixie.VizierEmulator.Scenarios;
using Grpc.Core;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>The checks Pixie's cloud makes before it proxies a call, with its exact codes and messages.</summary>
internal sealed class CloudChecks(Scenario scenario)
{
    public const string AuthFailedMessage = "Auth middleware failed: failed to fetch token - unauthenticated";
    public const string MalformedClusterMessage = "missing/malformed cluster_id";
    public const string UnhealthyClusterMessage = "cluster is not in a healthy state";

    /// <summary>The cloud answers a missing or wrong key with INTERNAL, not UNAUTHENTICATED (pixie issue #481).</summary>
    public static RpcException AuthFailed() => new(new Status(StatusCode.Internal, AuthFailedMessage));

    public static RpcException Unhealthy() => new(new Status(StatusCode.Unavailable, UnhealthyClusterMessage));

    public void Authenticate(ServerCallContext context)
    {
        if (!string.Equals(context.RequestHeaders.GetValue("pixie-api-key"), scenario.ApiKey, StringComparison.Ordinal))
        {
            throw AuthFailed();
        }
    }

    /// <summary>The cluster a Vizier call names in its body, if it exists and is healthy or degraded.</summary>
    public EmulatedCluster ScriptCluster(string clusterId)
    {
        if (!Guid.TryParseExact(clusterId, "D", out var id))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, MalformedClusterMessage));
        }

        var cluster = scenario.Clusters.FirstOrDefault(c => c.Id == id);
        return cluster is { AcceptsScripts: true } ? cluster : throw Unhealthy();
    }
}
