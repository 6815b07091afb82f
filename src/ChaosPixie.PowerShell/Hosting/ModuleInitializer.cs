using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace ChaosPixie.PowerShell.Hosting;

/// <summary>
/// Hooks the default load context when the module is imported: the cmdlets reference ChaosPixie.Engine, which
/// is not beside them, so the default context asks, and gets the copy loaded in the engine's private context.
/// The hook is process-wide and stays: other runspaces of the process may have imported the module too, and the
/// engine, once loaded, cannot be unloaded anyway.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static int _hooked;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }

        // Per import, not per process: each runspace has its own Pester, and re-registering is a no-op there.
        PesterOperators.Register();
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "ChaosPixie.Engine" ? EngineLoadContext.Instance.LoadFromAssemblyName(name) : null;
}
