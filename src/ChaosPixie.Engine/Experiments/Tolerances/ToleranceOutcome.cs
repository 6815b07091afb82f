using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// A tolerance's verdict; the measured result (see <see cref="ToleranceJson"/>) when the tolerance gave one; why a
/// probe tolerance failed when it did.
/// </summary>
public readonly record struct ToleranceOutcome(bool Met, JsonObject? Result = null, string? Failure = null)
{
    public static implicit operator ToleranceOutcome(bool met) => new(met);
}
