using System.Globalization;
using ChaosPixie.Engine.Statistics;

// In the ChaosPixie namespace, like SteadyStateComparison, so that PowerShell shows 'ChaosPixie.SteadyStateGroupComparison'.
namespace ChaosPixie;

/// <summary>A before/after comparison per group: the overall verdict, each group's comparison (failing first) and one line naming the failing groups.</summary>
public sealed class SteadyStateGroupComparison : IJudgement
{
    internal SteadyStateGroupComparison(string groupBy, GroupRequirement requirement, SteadyStateCriteria criteria, bool bonferroni, IReadOnlyList<SteadyStateComparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(comparisons);
        GroupBy = groupBy;
        Requirement = requirement.Text;
        var (outcome, ordered, summary) = requirement.Summarize(comparisons, Outcome, c => c.Group ?? GroupKey.Missing, c => c.Verdict);
        Verdict = outcome.ToString();
        Groups = ordered;
        FailedGroups = ordered.Where(c => Outcome(c) == GroupOutcome.Fail).Select(c => c.Group ?? GroupKey.Missing).ToArray();
        ConfidenceLevel = comparisons.Count > 0 ? comparisons[0].ConfidenceLevel : criteria.ConfidenceLevel;

        // Each group is judged one-sided at (1 - c)/2: the chance of a false alarm in at least one of G groups grows with G.
        var g = comparisons.Count;
        var familyWise = 1 - Math.Pow(1 - ((1 - ConfidenceLevel) / 2), g);
        var column = comparisons.Count > 0 ? comparisons[0].Column ?? "values" : "values";
        Explanation = string.Create(
            CultureInfo.InvariantCulture,
            $"{column} by {groupBy}, {g} group{(g == 1 ? string.Empty : "s")} at {ConfidenceLevel * 100:0.###}% each{(bonferroni ? " (Bonferroni)" : string.Empty)}, false-alarm chance up to {familyWise * 100:0.#}%: {summary}");
    }

    /// <summary>True only when the groups pass as the requirement asks.</summary>
    public bool Passed => Verdict == nameof(GroupOutcome.Pass);

    /// <summary>Pass, Fail or Inconclusive.</summary>
    public string Verdict { get; }

    public string GroupBy { get; }

    /// <summary>"all must pass", "any must pass" or "at most N may fail".</summary>
    public string Requirement { get; }

    /// <summary>The confidence each group was judged at (lower than asked with Bonferroni's correction).</summary>
    public double ConfidenceLevel { get; }

    public int GroupCount => Groups.Count;

    /// <summary>The names of the failing (High or Low) groups.</summary>
    public IReadOnlyList<string> FailedGroups { get; }

    /// <summary>Each group's comparison, failing first, then inconclusive, then passing.</summary>
    public IReadOnlyList<SteadyStateComparison> Groups { get; }

    /// <summary>One line naming the failing groups, with the number of groups and the chance of a false alarm among them.</summary>
    public string Explanation { get; }

    public override string ToString() => Explanation;

    private static GroupOutcome Outcome(SteadyStateComparison comparison) => comparison.Outcome switch
    {
        SteadyStateVerdict.Pass => GroupOutcome.Pass,
        SteadyStateVerdict.Inconclusive => GroupOutcome.Inconclusive,
        _ => GroupOutcome.Fail,
    };
}
