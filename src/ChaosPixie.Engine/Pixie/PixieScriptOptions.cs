namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// How to run a script: which tables to return (null: all of them) and the deadline of the whole call (null: none).
/// </summary>
public sealed record PixieScriptOptions(IReadOnlyCollection<string>? TableNames = null, TimeSpan? Timeout = null)
{
    /// <summary>
    /// The deadline of a script when the caller sets none, so that a server that stalls never hangs a scheduled check:
    /// above the query broker's own 180 s watchdogs, so that those report first, with their reason.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>The request's exec_funcs (a script run as px run runs it, see Scripts/PixieScript); none by default.</summary>
    public IReadOnlyList<Scripts.PixieFunctionCall> Functions { get; init; } = [];

    /// <summary>The request's query_name: a bundled script's name, for Pixie's metrics.</summary>
    public string? QueryName { get; init; }

    /// <summary>The request's mutation flag, set for a script that deploys tracepoints (imports pxtrace).</summary>
    public bool Mutation { get; init; }

    /// <summary>End-to-end encryption of the rows, as Pixie's Go client and CLI ask for it by default.</summary>
    public bool Encrypt { get; init; } = true;

    /// <summary>
    /// The key algorithm to encrypt with (a <see cref="PixieKeyAlgorithms"/> name); null: ECDH-ES, and RSA-OAEP-256
    /// once if the server refuses it.
    /// </summary>
    public string? KeyAlgorithm { get; init; }

    /// <summary>With several clusters in one call: the cluster whose rows get ClusterId and ClusterName; null for none.</summary>
    public Clusters.PixieClusterTag? Cluster { get; init; }

    /// <summary>With several clusters in one call: every cluster of the call, which an evidence file lists; null otherwise.</summary>
    public IReadOnlyList<Clusters.PixieClusterTag>? CallClusters { get; init; }
}
