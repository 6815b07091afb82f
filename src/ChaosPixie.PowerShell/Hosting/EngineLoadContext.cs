using System.Reflection;
using System.Runtime.Loader;

namespace ChaosPixie.PowerShell.Hosting;

/// <summary>
/// The private load context of the engine and its dependencies (Grpc.*, Google.Protobuf, ...), all read from one
/// build folder under the module's dependencies/, so that another version of them in the session changes nothing
/// for us. Names without a file there (the framework) come from the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    private EngineLoadContext(string folder)
        : base("ChaosPixie.Engine", isCollectible: false) => _folder = folder;

    public static EngineLoadContext Instance { get; } = new(BuildFolder(
        Path.Combine(Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location)!, "dependencies"),
        Environment.Version.Major));

    /// <summary>
    /// dependencies/ holds the net8.0 build, which runs on every supported runtime; dependencies/net&lt;N&gt;.0 the
    /// same engine built for .NET N, whose ReadyToRun code only that runtime uses (others JIT the IL). The newest
    /// build not newer than the runtime wins.
    /// </summary>
    private static string BuildFolder(string dependencies, int runtimeMajor) =>
        Directory.EnumerateDirectories(dependencies, "net*.0")
            .Select(folder => (Folder: folder, Major: int.TryParse(Path.GetFileName(folder)[3..^2], out var major) ? major : int.MaxValue))
            .Where(build => build.Major <= runtimeMajor)
            .OrderByDescending(build => build.Major)
            .Select(build => build.Folder)
            .FirstOrDefault() ?? dependencies;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
