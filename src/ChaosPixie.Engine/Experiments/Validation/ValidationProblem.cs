namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>How serious a validation problem is: an error makes the experiment invalid, a warning does not.</summary>
public enum ValidationSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One problem found in an experiment. <see cref="IsUpstream"/> is true when Chaos Toolkit makes the same check
/// with the same message; false for ChaosPixie's stricter checks (where `chaos run` would crash or silently do
/// something else). <see cref="JsonPath"/> names the element at fault: `$.method[2].provider.path`.
/// </summary>
public sealed record ValidationProblem(string Message, string JsonPath, bool IsUpstream, ValidationSeverity Severity);
