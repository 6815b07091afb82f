using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ChaosPixie.PowerShell.Hosting;

/// <summary>
/// The private load context of the engine and its dependencies (Grpc.*, Google.Protobuf, ...), all read from one
/// build folder under the module's dependencies/, so that another version of them in the session changes nothing
/// for us. Names without a file there (the framework) come from the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private const int OldestRuntime = 8;

    private readonly string _folder;
    private readonly string _nativeFolder;

    private EngineLoadContext(string dependencies)
        : base("ChaosPixie.Engine", isCollectible: false)
    {
        _folder = BuildFolder(dependencies);
        _nativeFolder = Path.Combine(dependencies, "runtimes", PortableRuntimeIdentifier(), "native");
    }

    public static EngineLoadContext Instance { get; } = new(
        Path.Combine(Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location)!, "dependencies"));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    /// <summary>
    /// Native libraries of the engine's packages (SQLite's e_sqlite3) come from dependencies/runtimes/&lt;rid&gt;/native,
    /// which build.ps1 stages for every supported platform. The runtime asks only the context that owns the P/Invoke,
    /// so PowerShell's own resolver (on the default context) never sees these; anything else is the runtime's to find.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var file = OperatingSystem.IsWindows() ? $"{unmanagedDllName}.dll"
            : OperatingSystem.IsMacOS() ? $"lib{unmanagedDllName}.dylib"
            : $"lib{unmanagedDllName}.so";
        var path = Path.Combine(_nativeFolder, file);
        return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }

    /// <summary>
    /// dependencies/ holds the IL build (net8.0), which runs on every platform and supported .NET.
    /// dependencies/net&lt;N&gt;.0-&lt;rid&gt; holds a ReadyToRun build: its native code is only used by .NET N, and
    /// the image does not load at all on another OS or CPU, so it is taken only for this platform, the newest one not
    /// newer than the running .NET.
    /// </summary>
    private static string BuildFolder(string dependencies)
    {
        var platform = PortableRuntimeIdentifier();
        for (var major = Environment.Version.Major; major >= OldestRuntime; major--)
        {
            var build = Path.Combine(dependencies, $"net{major}.0-{platform}");
            if (Directory.Exists(build))
            {
                return build;
            }
        }

        return dependencies;
    }

    // As build.ps1 names the platform it compiles for: linux-x64, linux-musl-arm64, win-x64, osx-arm64, ...
    private static string PortableRuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : RuntimeInformation.RuntimeIdentifier.StartsWith("linux-musl", StringComparison.Ordinal) ? "linux-musl"
            : "linux";
        return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
    }
}
