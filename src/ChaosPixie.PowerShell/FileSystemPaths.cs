using System.Management.Automation;

namespace ChaosPixie.PowerShell;

/// <summary>
/// Resolves a -Path (wildcards) or -LiteralPath (as written, existing or not) to file system paths, as the built-in
/// cmdlets do. Each cmdlet turns the problems into its own error records.
/// </summary>
internal static class FileSystemPaths
{
    /// <summary>The files of every path in turn; a path that names none gets the cmdlet's error record, and the rest go on.</summary>
    public static IEnumerable<string> ResolveAll(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, Func<string, PathResolution, ErrorRecord> problem)
    {
        foreach (var path in paths)
        {
            var resolution = Resolve(cmdlet, path, literal);
            if (resolution.Problem != PathProblem.None)
            {
                cmdlet.WriteError(problem(path, resolution));
            }

            foreach (var file in resolution.Files)
            {
                yield return file;
            }
        }
    }

    public static PathResolution Resolve(PSCmdlet cmdlet, string path, bool literal)
    {
        ProviderInfo provider;
        IReadOnlyList<string> files;
        try
        {
            files = literal
                ? [cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _)]
                : [.. cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider)];
        }
        catch (ItemNotFoundException)
        {
            return new PathResolution([], PathProblem.NotFound, null);
        }

        return provider.Name != "FileSystem"
            ? new PathResolution([], PathProblem.NotFileSystem, provider.Name)
            : new PathResolution(files, files.Count == 0 ? PathProblem.NotFound : PathProblem.None, provider.Name);
    }
}

internal enum PathProblem
{
    None,
    NotFound,
    NotFileSystem,
}

/// <summary>The files a path names, or why it names none: the provider's name says where a non-file path points.</summary>
internal sealed record PathResolution(IReadOnlyList<string> Files, PathProblem Problem, string? ProviderName);
