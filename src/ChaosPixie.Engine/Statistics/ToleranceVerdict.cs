namespace ChaosPixie.Engine.Statistics;

/// <summary>The outcome of a tolerance. Only <see cref="Passed"/> is a pass.</summary>
public enum ToleranceVerdict
{
    Passed,
    Failed,

    /// <summary>Fewer samples than the minimum asked for: not enough evidence either way.</summary>
    Inconclusive,
}
