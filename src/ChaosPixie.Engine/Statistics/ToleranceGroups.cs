namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// One tolerance judged per group (-GroupBy service): a collector per group value, in the order the groups first
/// appear, and the overall verdict by a <see cref="GroupRequirement"/>.
/// </summary>
public sealed class ToleranceGroups
{
    private readonly Dictionary<string, SampleCollector> _groups = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public ToleranceGroups(PercentileTolerance tolerance, string groupBy, GroupRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(tolerance);
        ArgumentNullException.ThrowIfNull(groupBy);
        ArgumentNullException.ThrowIfNull(requirement);
        tolerance.Validate();
        Tolerance = tolerance;
        GroupBy = groupBy;
        Requirement = requirement;
    }

    public PercentileTolerance Tolerance { get; }

    public string GroupBy { get; }

    public GroupRequirement Requirement { get; }

    /// <summary>The collector of a group, by the row's group value (null when the row has no such field).</summary>
    public SampleCollector For(bool hasGroup, object? groupValue)
    {
        var name = hasGroup ? GroupKey.Text(groupValue) : GroupKey.Missing;
        if (!_groups.TryGetValue(name, out var collector))
        {
            collector = new SampleCollector(Tolerance);
            _groups.Add(name, collector);
            _order.Add(name);
        }

        return collector;
    }

    /// <summary>
    /// Each group's result and the overall verdict. Groups whose rows never had the column (rows of another table)
    /// are left out; when no group has it, or there were no rows, the error is the one a single tolerance gives.
    /// </summary>
    public ToleranceGroupResult Evaluate()
    {
        var measured = _order.Where(name => _groups[name].RowsWithColumn > 0).ToArray();
        if (measured.Length == 0)
        {
            throw SampleCollector.NothingToMeasure(Tolerance, _order.Sum(name => _groups[name].RowCount));
        }

        var results = measured.Select(name => _groups[name].Evaluate(name)).ToArray();
        return new ToleranceGroupResult(Tolerance, GroupBy, Requirement, results);
    }
}
