namespace ChaosPixie.Engine.Statistics;

/// <summary>Which change of a metric is harmful, as Kayenta's direction: latency and errors Increase, throughput Decrease.</summary>
public enum ShiftDirection
{
    /// <summary>Higher is worse: only a significant increase fails (High).</summary>
    Increase,

    /// <summary>Lower is worse: only a significant decrease fails (Low).</summary>
    Decrease,

    /// <summary>Any significant change fails, High or Low.</summary>
    Either,
}
