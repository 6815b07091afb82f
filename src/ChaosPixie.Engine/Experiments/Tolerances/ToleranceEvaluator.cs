using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// Upstream's <c>within_tolerance</c>: the kind of the tolerance (<see cref="ExperimentRegistry.ToleranceKinds"/>)
/// judges the output, with the run's <c>${}</c> substitution and its way of running a probe tolerance's provider.
/// </summary>
public sealed class ToleranceEvaluator
{
    private readonly Func<JsonNode?, JsonNode?> _substitute;
    private readonly Func<JsonObject, JsonNode?> _runProbe;

    /// <param name="substitute">The experiment's <c>${}</c> substitution.</param>
    /// <param name="runProbe">Runs a probe tolerance's provider definition (already given its <c>value</c> argument).</param>
    public ToleranceEvaluator(Func<JsonNode?, JsonNode?> substitute, Func<JsonObject, JsonNode?> runProbe)
    {
        _substitute = substitute;
        _runProbe = runProbe;
    }

    /// <summary>
    /// Whether the output is within the tolerance, with the measured result when a probe tolerance gave one. Rows a
    /// probe spilled to a file (<see cref="SpilledRows"/>) are streamed by the kinds that can, and read whole, into
    /// memory, by every other kind.
    /// </summary>
    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output)
    {
        var kind = ExperimentRegistry.ToleranceKind(tolerance)
            ?? throw new InvalidOperationException($"hypothesis probe tolerance type '{PythonValue.AsString((tolerance as JsonObject)?["type"])}' is unsupported");
        return kind.Evaluate(tolerance, kind.StreamsSpilledRows ? output : SpilledRows.Whole(output), this);
    }

    /// <summary>Applies the experiment's configuration and secrets to a copy of a node.</summary>
    public JsonNode? Substitute(JsonNode? node) => _substitute(node);

    /// <summary>Runs a probe tolerance's provider definition.</summary>
    public JsonNode? RunProbe(JsonObject provider) => _runProbe(provider);

    /// <summary>The probe and phase a before/after tolerance is judged in; null outside a steady-state hypothesis.</summary>
    internal BaselineScope? Baseline { get; private init; }

    /// <summary>The same evaluator for one steady-state probe in one phase.</summary>
    internal ToleranceEvaluator In(BaselineScope scope) => new(_substitute, _runProbe) { Baseline = scope };
}
