using System.Management.Automation;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>Lists the Pixie clusters the API key can see, and remembers them for -ClusterId tab completion.</summary>
[Cmdlet(VerbsCommon.Get, "PixieCluster")]
[OutputType(typeof(PixieCluster))]
public sealed class GetPixieClusterCommand : PixieCmdlet
{
    /// <summary>Only the clusters whose name matches (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override TimeSpan DefaultTimeout => PixieClient.DefaultListTimeout;

    protected override void EndProcessing()
    {
        var settings = ResolveSettings(null);
        WriteVerbose($"Listing the clusters at {settings.ServerUrl ?? PixieServerAddress.Default}, waiting {TimeoutText}.");
        try
        {
            using var client = new PixieClient(settings.ToConnectionOptions());
            var clusters = client.GetClusters(Timeout, StopToken);
            PixieSession.Remember(clusters);
            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var cluster in clusters)
            {
                if (patterns is null || patterns.Any(p => p.IsMatch(cluster.Name) || p.IsMatch(cluster.PrettyName)))
                {
                    WriteObject(cluster);
                }
            }
        }
        catch (PixieException e)
        {
            ThrowPixieError(e, settings.ServerUrl ?? PixieServerAddress.Default);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
        }
    }
}
