namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>A control interrupted the run (chaoslib's InterruptExecution): the run becomes <c>interrupted</c>.</summary>
public sealed class ControlInterruptException : Exception
{
    public ControlInterruptException(string message)
        : base(message)
    {
    }
}
