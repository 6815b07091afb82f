using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>A tolerance's verdict, and the measured result (see <see cref="ToleranceJson"/>) when the tolerance gave one.</summary>
public readonly record struct ToleranceOutcome(bool Met, JsonObject? Result = null)
{
    public static implicit operator ToleranceOutcome(bool met) => new(met);
}
