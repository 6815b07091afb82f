using System.Globalization;
using System.Text;

namespace ChaosPixie.Engine.Statistics;

/// <summary>The outcome of one group, or of all of them together.</summary>
public enum GroupOutcome
{
    Pass,
    Fail,
    Inconclusive,
}

/// <summary>
/// How the groups' verdicts make the overall one: every group must pass (All), one passing group is enough (Any),
/// or up to N groups may fail (AllowFailures). A group with too few samples is Inconclusive, and so is the whole
/// when no failure decides it.
/// </summary>
public sealed record GroupRequirement
{
    private GroupRequirement(bool any, int allowedFailures)
    {
        RequiresAny = any;
        AllowedFailures = allowedFailures;
    }

    public static GroupRequirement All { get; } = new(false, 0);

    public static GroupRequirement Any { get; } = new(true, 0);

    public bool RequiresAny { get; }

    public int AllowedFailures { get; }

    public static GroupRequirement AllowingFailures(int failures)
    {
        if (failures < 0)
        {
            throw new ToleranceException(
                ToleranceErrorKind.AllowFailuresInvalid,
                string.Create(CultureInfo.InvariantCulture, $"The number of groups allowed to fail must be 0 or more, but it is {failures}."),
                failures);
        }

        return new(false, failures);
    }

    /// <summary>"all must pass", "any must pass", "at most 2 may fail".</summary>
    public string Text => RequiresAny ? "any must pass"
        : AllowedFailures == 0 ? "all must pass"
        : string.Create(CultureInfo.InvariantCulture, $"at most {AllowedFailures} may fail");

    public GroupOutcome Judge(int passed, int failed, int inconclusive)
    {
        if (RequiresAny)
        {
            return passed > 0 ? GroupOutcome.Pass : inconclusive > 0 ? GroupOutcome.Inconclusive : GroupOutcome.Fail;
        }

        return failed > AllowedFailures ? GroupOutcome.Fail : inconclusive > 0 ? GroupOutcome.Inconclusive : GroupOutcome.Pass;
    }

    /// <summary>Orders the groups failing first, then inconclusive, then passing (each in the order they came), and explains the whole.</summary>
    public (GroupOutcome Outcome, IReadOnlyList<T> Ordered, string Summary) Summarize<T>(IReadOnlyList<T> groups, Func<T, GroupOutcome> outcome, Func<T, string> name, Func<T, string> detail)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(detail);
        var failed = groups.Where(g => outcome(g) == GroupOutcome.Fail).ToArray();
        var inconclusive = groups.Where(g => outcome(g) == GroupOutcome.Inconclusive).ToArray();
        var passed = groups.Where(g => outcome(g) == GroupOutcome.Pass).ToArray();
        var overall = Judge(passed.Length, failed.Length, inconclusive.Length);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{failed.Length} of {groups.Count} groups failed ({Text})");
        if (failed.Length > 0)
        {
            text.Append(": ").AppendJoin(", ", failed.Select(g => $"{name(g)} ({detail(g)})"));
        }

        if (inconclusive.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {inconclusive.Length} inconclusive: ").AppendJoin(", ", inconclusive.Select(name));
        }

        text.Append(CultureInfo.InvariantCulture, $"; {passed.Length} passed: {overall.ToString().ToLowerInvariant()}");
        return (overall, failed.Concat(inconclusive).Concat(passed).ToArray(), text.ToString());
    }
}
