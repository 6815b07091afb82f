namespace ChaosPixie.Engine.History;

/// <summary>The verdict of a steady-state check on one probe, and on the check as a whole (its worst probe).</summary>
public enum CheckVerdict
{
    /// <summary>The tolerance holds and the value stays in its normal band.</summary>
    Steady,

    /// <summary>The tolerance still holds, but the value has left its normal band on the harmful side.</summary>
    Drifting,

    /// <summary>The tolerance does not hold (or the probe failed).</summary>
    Broken,

    /// <summary>No measured value, too few samples for the tolerance, or too little history to judge drift.</summary>
    Inconclusive,
}
