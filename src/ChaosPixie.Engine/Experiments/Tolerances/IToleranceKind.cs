using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// One kind of hypothesis tolerance: a bare value (a string, a bool, a number, a list) or a definition with a
/// <c>type</c> (regex, range, jsonpath, probe). Each knows how it is checked, judged and described.
/// <see cref="ExperimentRegistry"/> lists every kind.
/// </summary>
internal interface IToleranceKind
{
    /// <summary>True when the tolerance is of this kind.</summary>
    bool Accepts(JsonNode? tolerance);

    /// <summary>Checks the tolerance of <paramref name="probe"/> as <c>chaos validate</c> does; returns false after adding its first problem.</summary>
    bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems);

    /// <summary>Whether the output is within the tolerance; <paramref name="evaluator"/> gives the run's substitution and probes.</summary>
    ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output, ToleranceEvaluator evaluator);

    /// <summary>The tolerance as the experiment wrote it, on one line (the report's <c>regex "ok" on stdout</c>).</summary>
    string Describe(JsonNode? tolerance) => OneLine.Json(tolerance);

    /// <summary>The key of a mapping output this kind judges (<c>status</c>, a <c>target</c>), for the report's reading; null for the whole output.</summary>
    string? Subject(JsonNode? tolerance) => null;

    /// <summary>True when the kind reads a probe's spilled rows from their file; other kinds get them all in memory.</summary>
    bool StreamsSpilledRows => false;
}
