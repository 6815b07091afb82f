namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// Python's <c>shutil.which</c> after <c>os.path.expanduser</c>, as upstream resolves a process path: a name is looked
/// up on PATH (with PATHEXT on Windows); a path with a directory part is checked as given, relative to the cwd.
/// </summary>
public static class ExecutableResolver
{
    public static string ExpandUser(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && path.StartsWith("~\\", StringComparison.Ordinal)))
        {
            return Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        }

        return path;
    }

    /// <summary>The full path of the executable, or null when there is none (upstream then runs <c>None</c>).</summary>
    public static string? Find(string path, string? workingDirectory = null)
    {
        var expanded = ExpandUser(path);
        if (expanded.Length == 0)
        {
            return null;
        }

        if (Path.GetDirectoryName(expanded) is { Length: > 0 })
        {
            var located = workingDirectory is null ? expanded : Path.Combine(workingDirectory, expanded);
            return Candidates(located).FirstOrDefault(IsExecutable);
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var found = Candidates(Path.Combine(directory, expanded)).FirstOrDefault(IsExecutable);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            yield return path;
            yield break;
        }

        var extensions = (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            yield return path;
        }

        foreach (var extension in extensions)
        {
            yield return path + extension;
        }
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
