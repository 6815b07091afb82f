using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Pixie;

/// <summary>
/// What a runspace keeps: Connect-Pixie's default settings, and the clusters and tables seen, for tab completion,
/// which must never call the network. Keyed by runspace so that parallel runspaces do not share a connection.
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

    /// <summary>The last relation seen of each table name, newest first.</summary>
    public static IReadOnlyList<PixieTable> KnownTables => Current?.Tables ?? [];

    public static void Remember(IEnumerable<PixieCluster> clusters)
    {
        var state = GetOrCreate();
        state.Clusters = state.Clusters.Where(known => !clusters.Any(c => c.Id == known.Id)).Concat(clusters).ToArray();
    }

    public static void Remember(IEnumerable<PixieTable> tables)
    {
        var state = GetOrCreate();
        state.Tables = tables.Concat(state.Tables.Where(known => !tables.Any(t => t.Name == known.Name))).ToArray();
    }

    private static State? Current => Runspace.DefaultRunspace is { } runspace && States.TryGetValue(runspace, out var state) ? state : null;

    private static State GetOrCreate() => States.GetValue(
        Runspace.DefaultRunspace ?? throw new InvalidOperationException("ChaosPixie needs a runspace."),
        _ => new State());

    private sealed class State
    {
        public PixieSettings? Settings { get; set; }

        public IReadOnlyList<PixieCluster> Clusters { get; set; } = [];

        public IReadOnlyList<PixieTable> Tables { get; set; } = [];
    }
}
