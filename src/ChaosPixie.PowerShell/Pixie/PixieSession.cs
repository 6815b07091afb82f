using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Pixie;

/// <summary>
/// What Connect-Pixie keeps for a runspace: the default settings, and the clusters seen (for tab completion,
/// which must never call the network). Keyed by runspace so that parallel runspaces do not share a connection.
/// </summary>
internal static class PixieSession
{
    private static readonly ConditionalWeakTable<Runspace, State> States = new();

    public static PixieSettings? Settings
    {
        get => Current?.Settings;
        set => GetOrCreate().Settings = value;
    }

    public static IReadOnlyList<PixieCluster> KnownClusters => Current?.Clusters ?? [];

    public static void Remember(IEnumerable<PixieCluster> clusters)
    {
        var state = GetOrCreate();
        state.Clusters = state.Clusters.Where(known => !clusters.Any(c => c.Id == known.Id)).Concat(clusters).ToArray();
    }

    private static State? Current => Runspace.DefaultRunspace is { } runspace && States.TryGetValue(runspace, out var state) ? state : null;

    private static State GetOrCreate() => States.GetValue(
        Runspace.DefaultRunspace ?? throw new InvalidOperationException("ChaosPixie needs a runspace."),
        _ => new State());

    private sealed class State
    {
        public PixieSettings? Settings { get; set; }

        public IReadOnlyList<PixieCluster> Clusters { get; set; } = [];
    }
}
