using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>Completes -ClusterId with the clusters Get-PixieCluster or Connect-Pixie saw in this session (never the network).</summary>
public sealed class ClusterIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Matching(
            wordToComplete,
            PixieSession.KnownClusters.Select(c => (c.Id.ToString("D"), $"{c.Name} ({c.Status})")));
}
