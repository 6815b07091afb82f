using ChaosPixie.Engine.Statistics;

// In the ChaosPixie namespace, like ToleranceResult, so that PowerShell shows the type name 'ChaosPixie.ToleranceGroupResult'.
namespace ChaosPixie;

/// <summary>A tolerance judged per group: the overall verdict, each group's result (failing first) and one line naming the failing groups.</summary>
public sealed class ToleranceGroupResult : IJudgement
{
    internal ToleranceGroupResult(PercentileTolerance tolerance, string groupBy, GroupRequirement requirement, IReadOnlyList<ToleranceResult> results)
    {
        GroupBy = groupBy;
        Requirement = requirement.Text;
        var (outcome, ordered, summary) = requirement.Summarize(results, Outcome, r => r.Group ?? GroupKey.Missing, r => r.Measured);
        Verdict = outcome switch
        {
            GroupOutcome.Pass => nameof(ToleranceVerdict.Passed),
            GroupOutcome.Fail => nameof(ToleranceVerdict.Failed),
            _ => nameof(ToleranceVerdict.Inconclusive),
        };
        Groups = ordered;
        FailedGroups = ordered.Where(r => Outcome(r) == GroupOutcome.Fail).Select(r => r.Group ?? GroupKey.Missing).ToArray();
        Expectation = results.Count > 0 ? $"{results[0].Expectation} for each {groupBy}" : tolerance.Label;
        Explanation = $"{tolerance.Label} by {groupBy}: {summary}";
    }

    /// <summary>True only when the groups pass as the requirement asks.</summary>
    public bool Passed => Verdict == nameof(ToleranceVerdict.Passed);

    /// <summary>Passed, Failed or Inconclusive.</summary>
    public string Verdict { get; }

    /// <summary>The field the rows were grouped by.</summary>
    public string GroupBy { get; }

    /// <summary>"all must pass", "any must pass" or "at most N may fail".</summary>
    public string Requirement { get; }

    public int GroupCount => Groups.Count;

    /// <summary>The names of the failing groups, in the order they first appeared.</summary>
    public IReadOnlyList<string> FailedGroups { get; }

    /// <summary>Each group's result, failing first, then inconclusive, then passing.</summary>
    public IReadOnlyList<ToleranceResult> Groups { get; }

    public string Expectation { get; }

    /// <summary>One line naming the failing groups with their values.</summary>
    public string Explanation { get; }

    public override string ToString() => Explanation;

    private static GroupOutcome Outcome(ToleranceResult result) => result.Outcome switch
    {
        ToleranceVerdict.Passed => GroupOutcome.Pass,
        ToleranceVerdict.Failed => GroupOutcome.Fail,
        _ => GroupOutcome.Inconclusive,
    };
}
