using System.Management.Automation;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.PowerShell.Completion;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Checks the server, key and cluster once, then keeps them as this session's defaults for the other cmdlets.
/// A bad key or an unknown cluster is reported now, not at the first script (pixie issue #481).
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Pixie")]
[OutputType(typeof(PixieConnection))]
public sealed class ConnectPixieCommand : PixieCmdlet
{
    /// <summary>The cluster the other cmdlets run scripts on by default (a UUID).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ClusterIdCompleter))]
    public string? ClusterId { get; set; }

    protected override TimeSpan DefaultTimeout => PixieClient.DefaultListTimeout;

    protected override void EndProcessing()
    {
        var settings = ResolveSettings(ClusterId);
        WriteVerbose($"Checking the key{(settings.ClusterId is null ? string.Empty : $" and cluster {settings.ClusterId}")} at {settings.ServerUrl ?? PixieServerAddress.Default}, waiting {TimeoutText}.");
        try
        {
            var clusterId = settings.ClusterId is null ? (Guid?)null : settings.RequireClusterId();
            using var client = new PixieClient(settings.ToConnectionOptions());
            var cluster = Check(client, clusterId);
            PixieSession.Settings = settings;
            WriteObject(new PixieConnection(PixieServerAddress.Parse(settings.ServerUrl ?? PixieServerAddress.Default).ToString(), clusterId, cluster?.Name, cluster?.Status));
        }
        catch (PixieException e)
        {
            ThrowPixieError(e, settings.ClusterId ?? settings.ServerUrl);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
        }
    }

    private PixieCluster? Check(PixieClient client, Guid? clusterId)
    {
        IReadOnlyList<PixieCluster> clusters;
        try
        {
            clusters = client.GetClusters(Timeout, StopToken);
        }
        catch (PixieException e) when (e.StatusCode == "Unimplemented")
        {
            // A standalone Vizier has no cloud API to ask; the key and cluster are checked at the first script.
            WriteWarning($"The server cannot list clusters ({e.Message}); the key and cluster id are kept unchecked.");
            return null;
        }

        PixieSession.Remember(clusters);
        if (clusterId is null)
        {
            return null;
        }

        var cluster = clusters.FirstOrDefault(c => c.Id == clusterId);
        if (cluster is null)
        {
            ThrowTerminatingError(Errors.Create(
                ErrorIds.PixieClusterNotFound,
                ErrorCategory.ObjectNotFound,
                clusterId,
                $"The API key cannot see a cluster with id {clusterId}.",
                "Get-PixieCluster lists the clusters this key can see."));
        }

        if (!cluster!.CanRunScripts)
        {
            WriteWarning($"Cluster '{cluster.Name}' is {cluster.Status}: Pixie runs scripts only on healthy or degraded clusters.");
        }

        return cluster;
    }
}
