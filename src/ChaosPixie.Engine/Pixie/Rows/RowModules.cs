using System.Reflection;
using System.Reflection.Emit;

namespace ChaosPixie.Engine.Pixie.Rows;

/// <summary>
/// Where row classes are emitted: collectible assemblies of up to 64 classes each. One assembly per class would cost
/// a loader allocator per relation (thousands of distinct relations then exhaust the process's memory maps); one
/// assembly for all would never be freed. An assembly is freed once none of its classes is used any more.
/// </summary>
internal static class RowModules
{
    private const int TypesPerAssembly = 64;
    private static readonly object Lock = new();
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal);
    private static ModuleBuilder? _module;

    /// <summary>Emits a type named <paramref name="typeName"/> with <paramref name="emit"/>, one at a time.</summary>
    public static Type Emit(string typeName, Func<ModuleBuilder, Type> emit)
    {
        lock (Lock)
        {
            // Two relations of one table name have the same class name: the second starts a new assembly.
            if (_module is null || Names.Count == TypesPerAssembly || Names.Contains(typeName))
            {
                _module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("ChaosPixie.Rows"), AssemblyBuilderAccess.RunAndCollect).DefineDynamicModule("Rows");
                Names.Clear();
            }

            Names.Add(typeName);
            return emit(_module);
        }
    }
}
