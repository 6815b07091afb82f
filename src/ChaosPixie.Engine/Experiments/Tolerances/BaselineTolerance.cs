using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Validation;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// The before/after tolerance (<c>"type": "baseline"</c>): before the method it keeps the probe's values as its
/// baseline; during and after the method it judges the probe's values against them, by relative criteria as Keptn
/// writes them or by Kayenta's Mann-Whitney test. Too few values on either side, or no baseline, is Inconclusive,
/// which is not met. Whether the hypothesis strategy runs a before at all is checked by <see cref="BaselineValidator"/>.
/// </summary>
internal sealed class BaselineTolerance : ToleranceDefinition
{
    public const string TypeName = "baseline";

    public override string Type => TypeName;

    public override bool StreamsSpilledRows => true;

    protected override bool Validate(JsonObject probe, JsonObject definition, string path, ExperimentValidationOptions options, ProblemList problems) =>
        BaselineDefinition.Parse(definition, out var key, out var problem) is not null
        || problems.Ours(problem!, DocumentPath.Child(path, key!));

    protected override ToleranceOutcome Evaluate(JsonObject definition, JsonNode? output, ToleranceEvaluator evaluator)
    {
        var parsed = BaselineDefinition.Parse(definition, out var key, out var problem)
            ?? throw new ArgumentException($"the baseline tolerance's `{key}` is invalid: {problem}");
        var scope = evaluator.Baseline
            ?? throw new InvalidOperationException("a baseline tolerance judges a steady-state probe against its output before the method, and this is not one");
        IReadOnlyList<(string Group, ProbeOutputValues Values)> groups;
        try
        {
            groups = ProbeOutputValues.ReadGroups(output, parsed.Column, parsed.Unit, parsed.Groups?.GroupBy);
        }
        catch (ToleranceException e)
        {
            return new ToleranceOutcome(false, Failure: e.Message);
        }

        var values = groups is [var all] ? all.Values : ProbeOutputValues.None(parsed.Unit);
        var result = parsed.Groups is not null ? BaselineJudgement.Grouped(parsed, groups, scope)
            : scope.IsBefore ? BaselineJudgement.Keep(parsed, values, scope)
            : BaselineJudgement.Judge(parsed, values, scope);
        return new ToleranceOutcome(result["passed"]!.GetValue<bool>(), result);
    }

    protected override string Describe(JsonObject definition) =>
        BaselineDefinition.Parse(definition, out _, out _) is { } parsed ? $"baseline: {BaselineJudgement.Expectation(parsed)}" : "baseline";
}
