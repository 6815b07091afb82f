namespace ChaosPixie.Engine.Pixie.Clusters;

/// <summary>
/// What a run on several clusters reports, in the order it happens: a row, a line for the verbose stream, or the end
/// of one cluster's result (its row count and tables, or the error that ended it).
/// </summary>
public sealed class PixieClusterEvent
{
    private PixieClusterEvent(PixieClusterTag cluster) => Cluster = cluster;

    public PixieClusterTag Cluster { get; }

    /// <summary>A row of this cluster's result; null for the other events.</summary>
    public PixieRow? Row { get; private init; }

    /// <summary>A line about this cluster for the verbose stream (a resume, say).</summary>
    public string? Note { get; private init; }

    /// <summary>Set when this cluster's result is over: true when it ended whole.</summary>
    public bool? Completed { get; private init; }

    /// <summary>Why this cluster's result ended early; null when it completed.</summary>
    public PixieException? Error { get; private init; }

    /// <summary>At the end: the rows this cluster gave (before its error, if any).</summary>
    public long RowCount { get; private init; }

    /// <summary>At the end: how many times its stream was resumed.</summary>
    public int Resumes { get; private init; }

    /// <summary>At the end of a completed result: its tables.</summary>
    public IReadOnlyList<PixieTable> Tables { get; private init; } = [];

    internal static PixieClusterEvent ForRow(PixieClusterTag cluster, PixieRow row) => new(cluster) { Row = row };

    internal static PixieClusterEvent ForNote(PixieClusterTag cluster, string note) => new(cluster) { Note = note };

    internal static PixieClusterEvent ForEnd(PixieClusterTag cluster, long rows, int resumes, IReadOnlyList<PixieTable> tables) =>
        new(cluster) { Completed = true, RowCount = rows, Resumes = resumes, Tables = tables };

    internal static PixieClusterEvent ForError(PixieClusterTag cluster, long rows, PixieException error) =>
        new(cluster) { Completed = false, RowCount = rows, Error = error };
}
