namespace ChaosPixie.Engine.Experiments;

/// <summary>
/// An experiment that cannot be loaded, resolved or run. The message is upstream's where Chaos Toolkit has one,
/// and <see cref="JsonPath"/> names the element at fault (`$.configuration.token`) when there is one.
/// </summary>
public sealed class ExperimentException : Exception
{
    public ExperimentException(ExperimentErrorKind kind, string message, string? jsonPath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        JsonPath = jsonPath;
    }

    public ExperimentException()
        : this(ExperimentErrorKind.InvalidExperiment, "The experiment is invalid.")
    {
    }

    public ExperimentException(string message)
        : this(ExperimentErrorKind.InvalidExperiment, message)
    {
    }

    public ExperimentException(string message, Exception innerException)
        : this(ExperimentErrorKind.InvalidExperiment, message, null, innerException)
    {
    }

    public ExperimentErrorKind Kind { get; }

    public string? JsonPath { get; }

    /// <summary>True when the message is Chaos Toolkit's own, word for word.</summary>
    public bool IsUpstream { get; init; }
}
