using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Data;
using ChaosPixie.VizierEmulator.Scenarios;
using Grpc.Core;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>The cloud's cluster listing: every scenario cluster, or only the one a request names.</summary>
internal sealed class ClusterInfoEmulator(Scenario scenario, CloudChecks checks) : VizierClusterInfo.VizierClusterInfoBase
{
    public override Task<GetClusterInfoResponse> GetClusterInfo(GetClusterInfoRequest request, ServerCallContext context)
    {
        checks.Authenticate(context);
        Guid? wanted = request.Id is { } id ? Uuids.Join(id.HighBits, id.LowBits) : null;
        var nowNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var response = new GetClusterInfoResponse();
        foreach (var cluster in scenario.Clusters.Where(c => wanted is null || c.Id == wanted))
        {
            var (high, low) = Uuids.Split(cluster.Id);
            response.Clusters.Add(new ClusterInfo
            {
                Id = new Engine.Pixie.Wire.UUID { HighBits = high, LowBits = low },
                Status = cluster.Status,
                LastHeartbeatNs = nowNs,
                // The cloud has reported passthrough for every cluster since direct mode was removed.
                Config = new VizierConfig { PassthroughEnabled = true },
                ClusterName = cluster.Name,
                PrettyClusterName = cluster.PrettyName,
                ClusterVersion = cluster.ClusterVersion,
                VizierVersion = cluster.VizierVersion,
                NumNodes = cluster.NumNodes,
                NumInstrumentedNodes = cluster.NumInstrumentedNodes,
                StatusMessage = cluster.StatusMessage,
            });
        }

        return Task.FromResult(response);
    }
}
