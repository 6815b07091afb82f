using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace ChaosPixie.PowerShell.Hosting;

/// <summary>
/// Hooks the default load context when the module is imported: the cmdlets reference ChaosPixie.Engine, which
/// is not beside them, so the default context asks, and gets the copy loaded in the engine's private context.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
        PesterOperators.Register();
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "ChaosPixie.Engine" ? EngineLoadContext.Instance.LoadFromAssemblyName(name) : null;
}
