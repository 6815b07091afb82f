using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// Validation before a run, as <c>chaos run</c> does unless <c>--no-validation</c>: warnings are written, and the first
/// error (upstream's first message, as <c>chaos run</c> prints it) becomes the error record that stops the run.
/// </summary>
internal static class ExperimentValidation
{
    /// <param name="hypothesisStrategy">The run's -HypothesisStrategy, which wins over the experiment's; null when not given.</param>
    /// <param name="steadyStateOnly">A steady-state check, which runs the hypothesis alone.</param>
    public static ErrorRecord? Check(Cmdlet cmdlet, ExperimentDocument document, string workingDirectory, Engine.Experiments.Providers.Bridge.PythonBridge? python, CancellationToken cancellationToken, string? hypothesisStrategy = null, bool steadyStateOnly = false)
    {
        IReadOnlyList<ValidationProblem> problems;
        try
        {
            var options = new ExperimentValidationOptions
            {
                WorkingDirectory = workingDirectory,
                Python = python,
                Cancellation = cancellationToken,
                HypothesisStrategy = hypothesisStrategy is null ? null : Enum.Parse<Engine.Experiments.Running.HypothesisStrategy>(hypothesisStrategy),
                SteadyStateOnly = steadyStateOnly,
            };
            problems = ExperimentValidator.Validate(document.Root, options);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        foreach (var warning in problems.Where(p => p.Severity == ValidationSeverity.Warning))
        {
            cmdlet.WriteWarning($"{warning.JsonPath}: {warning.Message}");
        }

        var errors = problems.Where(p => p.Severity == ValidationSeverity.Error).ToList();
        if (errors.Count == 0)
        {
            return null;
        }

        var first = errors[0];
        var more = errors.Count > 1 ? $" ({errors.Count - 1} more: Test-ChaosExperiment -Detailed lists them all)" : string.Empty;
        return Errors.Create(
            ErrorIds.ExperimentInvalid,
            ErrorCategory.InvalidData,
            document.Path,
            $"The experiment is invalid: {first.Message} (at {first.JsonPath}){more}",
            "Fix the experiment, or run it with -NoValidation to run it as it is.");
    }
}
