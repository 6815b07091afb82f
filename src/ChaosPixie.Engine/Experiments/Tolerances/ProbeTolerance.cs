using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// The probe tolerance: a provider run with the probe's output as its argument <c>value</c>, met when it returns a
/// truthy value, or, when it returns a measured result (a chaospixie percentile tolerance, Test-PercentileBelow
/// -Detailed), when that result passed.
/// </summary>
internal sealed class ProbeTolerance : ToleranceDefinition
{
    public override string Type => "probe";

    public override bool StreamsSpilledRows => true;

    protected override bool Validate(JsonObject probe, JsonObject definition, string path, ExperimentValidationOptions options, ProblemList problems) =>
        ActivityValidator.Validate(definition, path, options, problems)
        // Upstream sets provider.arguments.value before calling the probe: without `arguments` it crashes.
        && (definition["provider"] is not JsonObject provider || provider["type"] is null || provider["arguments"] is JsonObject
            || problems.Ours(
                "a probe tolerance's provider must have `arguments` (a mapping, even empty): the probe's output is passed to it as the argument `value`",
                DocumentPath.Child(DocumentPath.Child(path, "provider"), "arguments")));

    // Unlike upstream, the output goes into a copy: the experiment (and so the journal) is not mutated.
    protected override ToleranceOutcome Evaluate(JsonObject definition, JsonNode? output, ToleranceEvaluator evaluator)
    {
        if (definition["provider"]?.DeepClone() is not JsonObject provider)
        {
            return false;
        }

        if (provider["arguments"] is not JsonObject arguments)
        {
            arguments = [];
            provider["arguments"] = arguments;
        }

        // A type that streams spilled rows reads them from their file; other providers get them all.
        arguments["value"] = SpilledRows.From(output) is not { } rows ? output?.DeepClone()
            : ExperimentRegistry.ProviderType(provider)?.StreamsSpilledRows == true ? rows.ToNode()
            : rows.ReadAll();
        try
        {
            // A chaospixie tolerance or Test-PercentileBelow -Detailed returns a measured result: judged by its 'passed'.
            var result = evaluator.RunProbe(provider);
            return ToleranceJson.AsResult(result) is { } measured
                ? new ToleranceOutcome(measured["passed"]!.GetValue<bool>(), measured)
                : PythonValue.IsTruthy(result);
        }
        catch (ActivityFailedException e)
        {
            // Not met, as upstream; the reason goes to the log, where upstream says nothing.
            return new ToleranceOutcome(false, Failure: e.Message);
        }
    }

    // Upstream writes the probe's output into the tolerance's 'value' argument; it is the measured value, not the tolerance.
    protected override string Describe(JsonObject definition) =>
        $"probe '{PythonValue.AsString(definition["name"])}': {ExperimentRegistry.Describe(definition["provider"], hidden: "value")}";
}
