namespace ChaosPixie.Engine.Experiments;

/// <summary>What went wrong with an experiment, so the cmdlets can pick an error id and category.</summary>
public enum ExperimentErrorKind
{
    /// <summary>The experiment file or a variable file does not exist.</summary>
    NotFound,

    /// <summary>The file extension is not .json, .yaml or .yml.</summary>
    UnsupportedFormat,

    /// <summary>The file is not valid JSON or YAML, or is not a mapping at its top level.</summary>
    ParseError,

    /// <summary>The experiment itself is invalid (validation, configuration, secrets).</summary>
    InvalidExperiment,

    /// <summary>A `--var` value or a variable file cannot be used.</summary>
    InvalidVariable,

    /// <summary>A control file does not exist or does not hold control declarations.</summary>
    InvalidControlFile,

    /// <summary>chaos's settings file cannot be read: it does not parse, or it (or its <c>controls</c>) is not a mapping.</summary>
    InvalidSettingsFile,
}
