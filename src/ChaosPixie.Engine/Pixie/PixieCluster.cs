namespace ChaosPixie.Engine.Pixie;

/// <summary>A Vizier cluster an API key can see, from the cloud's VizierClusterInfo.GetClusterInfo.</summary>
public sealed record PixieCluster(
    Guid Id,
    string Name,
    string PrettyName,
    string Status,
    string VizierVersion,
    string KubernetesVersion,
    int NodeCount,
    int InstrumentedNodeCount,
    DateTimeOffset? LastHeartbeat,
    string StatusMessage)
{
    /// <summary>ExecuteScript accepts HEALTHY and DEGRADED clusters.</summary>
    public bool CanRunScripts => Status is "Healthy" or "Degraded";
}
