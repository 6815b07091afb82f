namespace ChaosPixie;

/// <summary>What Connect-Pixie keeps as the session's defaults; the API key is kept but never shown.</summary>
public sealed record PixieConnection(string Server, Guid? ClusterId, string? ClusterName, string? ClusterStatus);
