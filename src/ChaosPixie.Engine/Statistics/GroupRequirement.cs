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

    /// <summary>
    /// The requirement as a user writes it: <paramref name="require"/> <c>all</c> or <c>any</c> (any case), or a number
    /// of groups allowed to fail, not both; neither is All. The one reading of -Require/-AllowFailures and of an
    /// experiment's <c>require</c>/<c>allow_failures</c>.
    /// </summary>
    public static GroupRequirement Of(string? require, int? allowFailures)
    {
        if (require is not null && allowFailures is not null)
        {
            throw new ToleranceException(
                ToleranceErrorKind.GroupRequirementConflict,
                $"Give either the groups that must pass ('{require}') or the number allowed to fail ({allowFailures.Value.ToString(CultureInfo.InvariantCulture)}), not both: 'all' is 0 allowed to fail.",
                require);
        }

        if (allowFailures is { } failures)
        {
            return AllowingFailures(failures);
        }

        return require switch
        {
            null => All,
            _ when require.Equals("all", StringComparison.OrdinalIgnoreCase) => All,
            _ when require.Equals("any", StringComparison.OrdinalIgnoreCase) => Any,
            _ => throw new ToleranceException(ToleranceErrorKind.GroupRequirementInvalid, $"'{require}' is not a requirement on the groups: use all (every group must pass) or any (one passing group is enough).", require),
        };
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
