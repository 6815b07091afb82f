using System.Management.Automation;

namespace ChaosPixie.PowerShell;

/// <summary>
/// Resolves a -Path (wildcards) or -LiteralPath (as written, existing or not) to file system paths, as the built-in
/// cmdlets do. Each cmdlet turns the problems into its own error records.
/// </summary>
internal static class FileSystemPaths
{
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
