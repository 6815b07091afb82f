namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>A script that cannot be found, read or given its arguments: raised before anything is sent to Pixie.</summary>
public sealed class PixieScriptException : Exception
{
    public PixieScriptException(PixieScriptErrorKind kind, string message, string? recommendedAction = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        RecommendedAction = recommendedAction;
    }

    public PixieScriptErrorKind Kind { get; }

    public string? RecommendedAction { get; }

    /// <summary>What the error is about: a script name, a path, a URL, an argument name.</summary>
    public object? Target { get; init; }
}

/// <summary>Why a script could not be prepared; the cmdlets map each kind to an error id and category.</summary>
public enum PixieScriptErrorKind
{
    /// <summary>No bundle source could be read (network, file, HTTP status).</summary>
    BundleUnavailable,
    /// <summary>A bundle, folder, manifest or vis.json is not in Pixie's format.</summary>
    BundleInvalid,
    /// <summary>No script of that name in the bundle.</summary>
    ScriptNotFound,
    /// <summary>An argument the script's variables do not allow.</summary>
    ArgumentInvalid,
}
