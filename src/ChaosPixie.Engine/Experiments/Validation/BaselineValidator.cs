using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Running;
using ChaosPixie.Engine.Experiments.Tolerances;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// ChaosPixie's checks that a before/after (<c>baseline</c>) tolerance has a before to compare with: the hypothesis
/// strategy (the caller's, else the experiment's <c>runtime</c>) must measure the steady state before the method, and
/// the tolerance must be on a steady-state probe (a method or rollback probe's tolerance is never judged), in a run that
/// has a method (a steady-state check has none).
/// </summary>
internal static class BaselineValidator
{
    public static void Validate(JsonObject experiment, ExperimentValidationOptions options, ProblemList problems)
    {
        var strategyName = PythonValue.AsString(experiment["runtime"]?["hypothesis"]?["strategy"]);
        var strategy = options.HypothesisStrategy ?? StrategyNames.ParseHypothesis(strategyName ?? "default");
        foreach (var (activity, path) in ExperimentValidator.AllActivities(experiment))
        {
            if (activity is not JsonObject probe || probe["tolerance"] is not JsonObject tolerance || PythonValue.AsString(tolerance["type"]) != BaselineTolerance.TypeName)
            {
                continue;
            }

            var at = DocumentPath.Child(path, "tolerance");
            if (!path.StartsWith("$.steady-state-hypothesis", StringComparison.Ordinal))
            {
                problems.Ours(
                    $"the baseline tolerance of '{ValueExcerpt.Of(probe["name"])}' compares a steady-state probe with its output before the method; a method or rollback probe's tolerance is never judged: move the probe into the steady-state hypothesis",
                    at);
            }
            else if (options.SteadyStateOnly)
            {
                problems.Ours(
                    $"the baseline tolerance of '{ValueExcerpt.Of(probe["name"])}' compares with the probe's output before a method, but a steady-state check runs no method, so it would never be judged: run the experiment with Invoke-ChaosExperiment, or give the probe a tolerance the check can judge on its own",
                    at);
            }
            else if (strategy is HypothesisStrategy.AfterMethodOnly or HypothesisStrategy.DuringMethodOnly)
            {
                var name = options.HypothesisStrategy is null ? $"'{strategyName}'" : $"-HypothesisStrategy {options.HypothesisStrategy}";
                problems.Ours(
                    $"the baseline tolerance of '{ValueExcerpt.Of(probe["name"])}' compares with the probe's output before the method, but the hypothesis strategy {name} does not run the steady state before the method, so there would be no baseline: use the default or continuously strategy",
                    at);
            }
        }
    }
}
