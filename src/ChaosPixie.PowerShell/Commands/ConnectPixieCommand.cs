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
    /// <summary>The cluster the other cmdlets run scripts on by default: a UUID, or a wildcard on cluster names and ids.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ClusterIdCompleter))]
    public string? ClusterId { get; set; }

    /// <summary>Keeps end-to-end encryption off for this server's scripts, as Invoke-PixieScript -NoEncryption does.</summary>
    [Parameter]
    public SwitchParameter NoEncryption { get; set; }

    /// <summary>The key algorithm for this server's scripts, as Invoke-PixieScript -KeyAlgorithm takes it.</summary>
    [Parameter]
    [ValidateSet(PixieKeyAlgorithms.EcdhEs, PixieKeyAlgorithms.RsaOaep256)]
    public string? KeyAlgorithm { get; set; }

    /// <summary>Writes the kept connection; without it Connect-Pixie writes nothing, so the rows after it format as usual.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override TimeSpan DefaultTimeout => PixieClient.DefaultListTimeout;

    protected override void EndProcessing()
    {
        var pattern = ClusterId is not null && WildcardPattern.ContainsWildcardCharacters(ClusterId) ? ClusterId : null;
        var settings = ResolveSettings(pattern is null ? ClusterId : null);
        var checking = pattern is not null ? $" and the cluster matching '{pattern}'" : settings.ClusterId is null ? string.Empty : $" and cluster {settings.ClusterId}";
        WriteVerbose($"Checking the key{checking} at {settings.ServerUrl ?? PixieServerAddress.Default}, waiting {TimeoutText}.");
        try
        {
            var clusterId = pattern is not null || settings.ClusterId is null ? (Guid?)null : settings.RequireClusterId();
            using var client = new PixieClient(settings.ToConnectionOptions());
            var cluster = Check(client, clusterId, pattern);
            if (pattern is not null)
            {
                clusterId = cluster!.Id;
                settings = settings with { ClusterId = clusterId.ToString() };
            }

            PixieSession.Settings = settings with { NoEncryption = NoEncryption ? true : settings.NoEncryption, KeyAlgorithm = KeyAlgorithm ?? settings.KeyAlgorithm };
            if (PassThru)
            {
                WriteObject(new PixieConnection(PixieServerAddress.Parse(settings.ServerUrl ?? PixieServerAddress.Default).ToString(), clusterId, cluster?.Name, cluster?.Status));
            }
        }
        catch (PixieException e)
        {
            ThrowPixieError(e, pattern ?? settings.ClusterId ?? settings.ServerUrl);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
        }
    }

    private PixieCluster? Check(PixieClient client, Guid? clusterId, string? pattern)
    {
        IReadOnlyList<PixieCluster> clusters;
        try
        {
            clusters = client.GetClusters(Timeout, StopToken);
        }
        catch (PixieException e) when (e.StatusCode == "Unimplemented")
        {
            // A standalone Vizier has no cloud API to ask; the key and cluster are checked at the first script.
            if (pattern is not null)
            {
                ThrowTerminatingError(Errors.Create(
                    ErrorIds.PixieClusterNotFound,
                    ErrorCategory.ObjectNotFound,
                    pattern,
                    $"The server cannot list clusters ({e.Message}), so the wildcard '{pattern}' cannot be resolved.",
                    "Pass the cluster's id (a UUID) to -ClusterId."));
            }

            WriteWarning($"The server cannot list clusters ({e.Message}); the key and cluster id are kept unchecked.");
            return null;
        }

        PixieSession.Remember(clusters);
        if (pattern is not null)
        {
            return Match(clusters, pattern);
        }

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

        CheckCanRunScripts(cluster!);
        return cluster!;
    }

    /// <summary>The one cluster whose name, pretty name or id the wildcard matches; none or several is an error.</summary>
    private PixieCluster Match(IReadOnlyList<PixieCluster> clusters, string pattern)
    {
        var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
        var matches = clusters.Where(c => wildcard.IsMatch(c.Name) || wildcard.IsMatch(c.PrettyName) || wildcard.IsMatch(c.Id.ToString())).ToArray();
        if (matches.Length == 1)
        {
            CheckCanRunScripts(matches[0]);
            return matches[0];
        }

        var seen = clusters.Count == 0 ? "none" : string.Join(", ", clusters.Select(c => c.Name));
        ThrowTerminatingError(matches.Length == 0
            ? Errors.Create(
                ErrorIds.PixieClusterNotFound,
                ErrorCategory.ObjectNotFound,
                pattern,
                $"No cluster the API key can see matches '{pattern}' (clusters: {seen}).",
                "Get-PixieCluster lists the clusters this key can see; -ClusterId takes a cluster's id or a wildcard on its name.")
            : Errors.Create(
                ErrorIds.PixieClusterAmbiguous,
                ErrorCategory.InvalidArgument,
                pattern,
                $"'{pattern}' matches {matches.Length} clusters ({string.Join(", ", matches.Select(c => c.Name))}); Connect-Pixie keeps one.",
                "Narrow the wildcard or pass the cluster's id."));
        return null!;
    }

    private void CheckCanRunScripts(PixieCluster cluster)
    {
        if (!cluster.CanRunScripts)
        {
            WriteWarning($"Cluster '{cluster.Name}' is {cluster.Status}: Pixie runs scripts only on healthy or degraded clusters.");
        }
    }
}
