namespace ChaosPixie;

/// <summary>Where a validation check comes from: Chaos Toolkit's own (same message as `chaos validate`) or ChaosPixie's stricter ones.</summary>
public enum ExperimentProblemSource
{
    Upstream,
    ChaosPixie,
}

/// <summary>An error makes the experiment invalid; a warning does not.</summary>
public enum ExperimentProblemSeverity
{
    Error,
    Warning,
}

/// <summary>One problem of an experiment, as `Test-ChaosExperiment -Detailed` writes it.</summary>
public sealed class ExperimentProblem
{
    public ExperimentProblem(string path, string message, string jsonPath, ExperimentProblemSource source, ExperimentProblemSeverity severity)
    {
        Path = path;
        Message = message;
        JsonPath = jsonPath;
        Source = source.ToString();
        Severity = severity.ToString();
    }

    /// <summary>The experiment file.</summary>
    public string Path { get; }

    public string Message { get; }

    /// <summary>The element at fault, such as `$.method[2].provider.path`.</summary>
    public string JsonPath { get; }

    /// <summary>An <see cref="ExperimentProblemSource"/> name, kept as text so that ConvertTo-Json and Export-Csv write the name.</summary>
    public string Source { get; }

    /// <summary>An <see cref="ExperimentProblemSeverity"/> name ('Error' or 'Warning'), as text for the same reason.</summary>
    public string Severity { get; }

    public override string ToString() => $"{Severity} at {JsonPath}: {Message}";
}
