namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>Collects the problems of one validation; each Add* returns false so a check can `return p.Upstream(...)`.</summary>
internal sealed class ProblemList
{
    public List<ValidationProblem> Items { get; } = [];

    public bool Upstream(string message, string path) => Add(message, path, true, ValidationSeverity.Error);

    public bool Ours(string message, string path) => Add(message, path, false, ValidationSeverity.Error);

    public bool UpstreamWarning(string message, string path) => Add(message, path, true, ValidationSeverity.Warning);

    public bool OurWarning(string message, string path) => Add(message, path, false, ValidationSeverity.Warning);

    private bool Add(string message, string path, bool isUpstream, ValidationSeverity severity)
    {
        Items.Add(new ValidationProblem(message, path, isUpstream, severity));
        return false;
    }
}
