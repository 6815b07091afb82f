using System.Reflection;
using System.Runtime.Loader;

namespace ChaosPixie.PowerShell.Hosting;

/// <summary>
/// The private load context of the engine and its dependencies (Grpc.*, Google.Protobuf, ...), all read from
/// the module's dependencies/ folder, so that another version of them in the session changes nothing for us.
/// Names without a file there (the framework) come from the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    private EngineLoadContext(string folder)
        : base("ChaosPixie.Engine", isCollectible: false) => _folder = folder;

    public static EngineLoadContext Instance { get; } = new(
        Path.Combine(Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location)!, "dependencies"));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
