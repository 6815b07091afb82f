using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Providers.Bridge;

/// <summary>
/// Finds the Python 3 interpreter that runs the python activities chaostoolkit-pixie does not run natively: the one
/// the caller names, else the one <see cref="EnvironmentVariable"/> names, else <c>python3</c>, then <c>python</c>, on PATH.
/// </summary>
public static class PythonInterpreter
{
    public const string EnvironmentVariable = "CHAOSPIXIE_PYTHON";

    /// <summary>What to do when none is found, for the messages that need one.</summary>
    public const string HowToProvide =
        "no Python 3 interpreter was found: install Python 3 with the extension (pip install chaostoolkit-lib and the extension's package), "
        + "then put python3 on PATH, set " + EnvironmentVariable + ", or give -PythonPath";

    /// <summary>The full path of the interpreter; null when <paramref name="given"/> (or, without it, every fallback) cannot be found.</summary>
    public static string? Find(string? given, string workingDirectory)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return ExecutableLocator.Find(given, workingDirectory);
        }

        var named = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return !string.IsNullOrEmpty(named)
            ? ExecutableLocator.Find(named, workingDirectory)
            : ExecutableLocator.Find("python3", workingDirectory) ?? ExecutableLocator.Find("python", workingDirectory);
    }
}
