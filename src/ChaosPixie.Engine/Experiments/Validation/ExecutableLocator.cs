namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// Python's `shutil.which`, which upstream validates process paths with: a path with a directory part is checked
/// as given (relative to the working directory); a bare name is searched on PATH (on Windows, the working directory
/// first and the PATHEXT extensions too). A file that is not executable is skipped. `~` is not expanded.
/// </summary>
public static class ExecutableLocator
{
    /// <summary>
    /// Longer than any path a file system takes (Linux's PATH_MAX): no file, and no need to ask for one per PATH entry.
    /// </summary>
    public const int MaxPathLength = 4096;

    public static string? Find(string command, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length > MaxPathLength)
        {
            return null;
        }

        var hasDirectory = command.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && command.Contains('\\', StringComparison.Ordinal));
        if (hasDirectory)
        {
            return Candidates(Path.Combine(workingDirectory, command)).FirstOrDefault(IsExecutable);
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (OperatingSystem.IsWindows())
        {
            directories.Insert(0, workingDirectory);
        }

        return directories.SelectMany(d => Candidates(Path.Combine(d, command))).FirstOrDefault(IsExecutable);
    }

    private static IEnumerable<string> Candidates(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            return [path];
        }

        var extensions = (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var hasExtension = extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return hasExtension ? [path] : extensions.Select(e => path + e);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
