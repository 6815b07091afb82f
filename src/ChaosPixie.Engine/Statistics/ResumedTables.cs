using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// The Pixie tables a verdict's rows came from, to tell at the verdict whether any of their results was resumed
/// after a cut (a resume can happen after the first rows have passed, so it is read at the end, not per row).
/// Cheap per row: a table is looked up only when it differs from the previous row's.
/// </summary>
internal sealed class ResumedTables
{
    private readonly HashSet<PixieTable> _tables = new(ReferenceEqualityComparer.Instance);
    private PixieTable? _last;

    public void Add(PixieTable table)
    {
        if (!ReferenceEquals(table, _last))
        {
            _last = table;
            _tables.Add(table);
        }
    }

    /// <summary>The most resumes of any result seen; 0 when none was resumed.</summary>
    public int Resumes => _tables.Count == 0 ? 0 : _tables.Max(t => t.Resumes);

    /// <summary>The explanation's words for a verdict withheld on a resumed result.</summary>
    public static string Inconclusive(int resumes) =>
        $"inconclusive, the rows come from a result resumed {resumes} time{(resumes == 1 ? string.Empty : "s")} after its stream was cut, and Pixie may lose up to two messages across a resume unseen; -AcceptResumeLoss judges it anyway";
}
