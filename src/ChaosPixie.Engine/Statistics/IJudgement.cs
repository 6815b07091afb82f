// In the ChaosPixie namespace, like the results that implement it, so that help shows 'ChaosPixie.IJudgement'.
namespace ChaosPixie;

/// <summary>
/// A verdict that Export-ChaosReport puts on its page beside journals: a before/after comparison
/// (<see cref="SteadyStateComparison"/>, <see cref="SteadyStateGroupComparison"/>) or a tolerance judged per group
/// (<see cref="ToleranceGroupResult"/>). Its parameter takes this type, so PowerShell binds these results from the
/// pipeline by type and journal paths still bind as paths.
/// </summary>
public interface IJudgement
{
    /// <summary>The verdict's name: Pass, High, Low, Passed, Failed, Fail or Inconclusive.</summary>
    string Verdict { get; }

    /// <summary>True only for a pass: an inconclusive verdict is not one.</summary>
    bool Passed { get; }

    /// <summary>One line that explains the verdict.</summary>
    string Explanation { get; }
}
