using System.Management.Automation;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Pixie.Clusters;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Invoke-PixieScript on several clusters: -ClusterId with several ids, or clusters piped from Get-PixieCluster
/// (bound by their Id) while -Script is given, which are gathered and run together at the end. The clusters run in
/// parallel (-ThrottleLimit), their rows are written as they arrive and carry ClusterId and ClusterName, a cluster
/// that fails is a non-terminating error naming it while the others go on, and the end says what each gave.
/// </summary>
public sealed partial class InvokePixieScriptCommand
{
    private readonly List<string> _pipedClusters = [];
    private bool _collectClusters;

    /// <summary>How many clusters run at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    protected override void EndProcessing()
    {
        if (_collectClusters && _pipedClusters.Count > 0)
        {
            RunOnClusters(_pipedClusters);
        }
    }

    /// <summary>Whether this call runs on several clusters, so that no single default cluster is needed.</summary>
    private bool BeginClusters()
    {
        // Clusters piped in while the script is a parameter (or a name or path): each record brings a cluster, all run together at the end.
        _collectClusters = (ParameterSetName != ScriptSet || MyInvocation.BoundParameters.ContainsKey(nameof(Script))) && MyInvocation.ExpectingInput;
        return _collectClusters || ClusterId is { Length: > 1 };
    }

    /// <summary>Gathers a piped cluster, or runs -ClusterId's several clusters now; false when this record runs on one.</summary>
    private bool RunsOnSeveralClusters()
    {
        if (_collectClusters)
        {
            _pipedClusters.AddRange(ClusterId ?? []);
            return true;
        }

        if (ClusterId is { Length: > 1 } ids)
        {
            RunOnClusters(ids);
            return true;
        }

        return false;
    }

    private void RunOnClusters(IReadOnlyList<string> ids)
    {
        var (script, options) = Request();
        try
        {
            var clusterIds = ids.Select(id => new PixieSettings(ClusterId: id).RequireClusterId()).Distinct().ToArray();
            using var client = new PixieClient(_connection!);
            var clusters = Tag(client, clusterIds);
            WriteVerbose($"Running {ScriptDescription(script, options)} on {clusters.Count} clusters ({string.Join(", ", clusters)}), {ThrottleLimit} at a time, at {_connection!.Server}, waiting {TimeoutText}.");
            var ends = new List<PixieClusterEvent>();
            foreach (var item in new PixieMultiClusterRun(client, script, options, clusters, ThrottleLimit).Read(StopToken))
            {
                if (item.Row is { } row)
                {
                    WriteObject(row);
                }
                else if (item.Note is { } note)
                {
                    WriteVerbose($"Cluster {item.Cluster}: {note}");
                }
                else
                {
                    ends.Add(item);
                    End(item);
                }
            }

            var summary = string.Join("; ", ends.Select(e => $"{e.Cluster}: {e.RowCount:N0} rows{(e.Error is null ? string.Empty : ", then failed")}"));
            WriteInformation(new HostInformationMessage { Message = $"Invoke-PixieScript: {summary}." }, ["PSHOST", "ChaosPixie.Clusters"]);
        }
        catch (PixieException e)
        {
            ThrowPixieError(e, string.Join(",", ids));
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
        }
    }

    private void End(PixieClusterEvent end)
    {
        if (end.Error is { } error)
        {
            var record = PixieErrorRecords.From(error, end.Cluster.Id);
            record.ErrorDetails = new ErrorDetails($"Cluster {end.Cluster}: {record.ErrorDetails?.Message ?? error.Message}")
            {
                RecommendedAction = record.ErrorDetails?.RecommendedAction ?? error.RecommendedAction,
            };
            WriteError(record);
            return;
        }

        PixieSession.Remember(end.Tables);
        WarnUnparsedQuantiles(end.Tables, end.Cluster);
        if (end.Resumes > 0)
        {
            WriteWarning($"Cluster {end.Cluster}: its query was resumed {end.Resumes} time(s) after its stream was cut. Pixie may lose up to two messages across a resume unseen, so its rows may be incomplete: Test-PercentileBelow, Test-PercentileAbove and Compare-SteadyState judge them Inconclusive unless -AcceptResumeLoss.");
        }
    }

    /// <summary>Each cluster with its name: from the clusters this session has seen, else from one listing; unknown stays null.</summary>
    private List<PixieClusterTag> Tag(PixieClient client, IReadOnlyList<Guid> ids)
    {
        var known = PixieSession.KnownClusters;
        if (ids.Any(id => known.All(c => c.Id != id)))
        {
            try
            {
                known = client.GetClusters(PixieClient.DefaultListTimeout, StopToken);
                PixieSession.Remember(known);
            }
            catch (PixieException e)
            {
                WriteVerbose($"The cluster names are not known: listing the clusters failed ({e.Message}).");
            }
        }

        return ids.Select(id => new PixieClusterTag(id, known.FirstOrDefault(c => c.Id == id)?.Name)).ToList();
    }
}
