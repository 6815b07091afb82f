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
    private const int KnownTablesLimit = 100;
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

    /// <summary>
    /// Keeps the newest relation of each table name, at most 100 names: enough for completion, and a session that
    /// sees thousands of tables does not keep their row classes alive.
    /// </summary>
    public static void Remember(IReadOnlyList<PixieTable> tables)
    {
        var state = GetOrCreate();
        var names = new HashSet<string>(StringComparer.Ordinal);
        state.Tables = tables.Concat(state.Tables).Where(t => names.Add(t.Name)).Take(KnownTablesLimit).ToArray();
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
