using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Faults;

namespace ChaosPixie.VizierEmulator.Scenarios;

/// <summary>
/// What the emulator serves: the key it accepts, the clusters it lists, and the tables of each phase: the n-th query
/// gets the n-th phase and every query after the last phase gets the last one (a service that degrades under load).
/// </summary>
internal sealed record Scenario(string ApiKey, IReadOnlyList<EmulatedCluster> Clusters, IReadOnlyList<IReadOnlyList<EmulatedTable>> Phases, Fault? Fault)
{
    private int _queries;

    /// <summary>The first phase's tables.</summary>
    public IReadOnlyList<EmulatedTable> Tables => Phases[0];

    public IReadOnlyList<EmulatedTable> TablesForNextQuery() => Phases[Math.Min(Interlocked.Increment(ref _queries) - 1, Phases.Count - 1)];
}

/// <summary>A cluster as the cloud reports it.</summary>
internal sealed record EmulatedCluster(
    Guid Id,
    ClusterStatus Status,
    string Name,
    string PrettyName,
    string VizierVersion,
    string ClusterVersion,
    int NumNodes,
    int NumInstrumentedNodes,
    string StatusMessage)
{
    /// <summary>ExecuteScript reaches only these, like the cloud's passthrough proxy.</summary>
    public bool AcceptsScripts => Status is ClusterStatus.CsHealthy or ClusterStatus.CsDegraded;
}

/// <summary>
/// One output table, its batches built once at load: every query shares the same Column messages (they are only
/// read while serialized), so a query costs the emulator little more than the serialization itself.
/// </summary>
internal sealed record EmulatedTable(
    string Name,
    Relation Relation,
    IReadOnlyList<EmulatedBatch> Batches,
    EmulatedBatch Empty,
    long RowCount,
    long BytesProcessed);

/// <summary>One batch's columns, in relation order. A table's Empty batch has no rows, for an eos-only batch.</summary>
internal sealed record EmulatedBatch(Column[] Columns, int RowCount);
