using System.Reflection;
using System.Reflection.Emit;

namespace ChaosPixie.Engine.Pixie.Rows;

/// <summary>
/// The class made for one relation (table name, column names and types) and its factory. The class is emitted
/// whole, factory and value switches included, as plain IL methods: no expression tree is compiled, so the first
/// query of a process pays for a few small methods only. The classes live in collectible assemblies (RowModules),
/// and the cache keeps the 256 most recently used, so that many distinct relations do not hold memory for ever.
/// </summary>
internal sealed class RowShape
{
    private const int CacheCapacity = 256;
    private const string FactoryName = "Create";
    private static readonly RowShapeCache Cache = new(CacheCapacity);
    private static readonly ConstructorInfo BaseConstructor =
        typeof(PixieRow).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(PixieTable)])!;

    private static readonly MethodInfo NoSuchColumn =
        typeof(PixieRow).GetMethod("NoSuchColumn", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static readonly MethodInfo TimeOf =
        typeof(PixieRow).GetMethod("TimeOf", BindingFlags.Static | BindingFlags.NonPublic)!;

    private RowShape(Type rowType)
    {
        RowType = rowType;
        Factory = rowType.GetMethod(FactoryName, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<PixieTable, Array[], int, PixieRow>>();
    }

    public Type RowType { get; }

    /// <summary>Builds the row at an index from a batch's decoded column arrays (one typed array per column).</summary>
    public Func<PixieTable, Array[], int, PixieRow> Factory { get; }

    /// <summary>The shape of a relation; <paramref name="clusterTagged"/> adds the properties ClusterId and ClusterName, read from the table.</summary>
    public static RowShape For(string tableName, IReadOnlyList<PixieColumn> columns, bool clusterTagged = false)
    {
        var signature = (clusterTagged ? "+cluster\n" : string.Empty) + tableName + "\n" + string.Join("\n", columns.Select(c => $"{c.Name}\t{c.ClrType.FullName}"));
        return Cache.GetOrAdd(signature, () => new RowShape(EmitRowType(tableName, columns, clusterTagged)));
    }

    /// <summary>
    /// Emits 'ChaosPixie.PixieRow#table': a sealed class with a field and a read-only property per column, a
    /// constructor that takes the table and every value in column order, the static factory Create(table, columns,
    /// index), and the overrides ValueAt, NumberAt and Int64At (a switch over the ordinal). A field holds the
    /// column's storage type (a time's nanoseconds), the property its public type.
    /// </summary>
    private static Type EmitRowType(string tableName, IReadOnlyList<PixieColumn> columns, bool clusterTagged)
    {
        var typeName = "ChaosPixie.PixieRow#" + PixieNames.ForTypeName(tableName);
        return RowModules.Emit(typeName, module => EmitRowType(module.DefineType(typeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(PixieRow)), columns, clusterTagged));
    }

    private static Type EmitRowType(TypeBuilder type, IReadOnlyList<PixieColumn> columns, bool clusterTagged)
    {
        var fields = new FieldBuilder[columns.Count];
        var getters = new MethodBuilder[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var clrType = columns[i].ClrType;
            fields[i] = type.DefineField("_c" + i, columns[i].StorageType, FieldAttributes.Private | FieldAttributes.InitOnly);
            getters[i] = type.DefineMethod("get_c" + i, MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, clrType, Type.EmptyTypes);
            var il = getters[i].GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, fields[i]);
            if (columns[i].StorageType != clrType)
            {
                il.Emit(OpCodes.Call, TimeOf);
            }

            il.Emit(OpCodes.Ret);
            type.DefineProperty(columns[i].Name, PropertyAttributes.None, clrType, null).SetGetMethod(getters[i]);
        }

        if (clusterTagged)
        {
            EmitTableProperty(type, Clusters.PixieClusterTag.PropertyNames[0], "TableClusterId");
            EmitTableProperty(type, Clusters.PixieClusterTag.PropertyNames[1], "TableClusterName");
        }

        var constructor = EmitConstructor(type, columns, fields);
        EmitFactory(type, columns, constructor);
        EmitSwitch(type, "ValueAt", typeof(object), Enumerable.Range(0, columns.Count).Select(i => (int?)i).ToArray(), (il, i) =>
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, getters[i]);
            if (columns[i].ClrType.IsValueType)
            {
                il.Emit(OpCodes.Box, columns[i].ClrType);
            }
        });
        EmitSwitch(type, "NumberAt", typeof(double), Ordinals(columns, c => c.ClrType == typeof(long) || c.ClrType == typeof(double)), (il, i) =>
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, fields[i]);
            if (fields[i].FieldType == typeof(long))
            {
                il.Emit(OpCodes.Conv_R8);
            }
        });
        EmitSwitch(type, "Int64At", typeof(long), Ordinals(columns, c => c.StorageType == typeof(long)), (il, i) =>
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, fields[i]);
        });
        return type.CreateType();
    }

    // public T Name => base.<baseProperty>; the same value for every row of the table, so nothing per row is stored.
    private static void EmitTableProperty(TypeBuilder type, string name, string baseProperty)
    {
        var source = typeof(PixieRow).GetProperty(baseProperty, BindingFlags.Instance | BindingFlags.NonPublic)!;
        var getter = type.DefineMethod("get_" + name, MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, source.PropertyType, Type.EmptyTypes);
        var il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, source.GetGetMethod(nonPublic: true)!);
        il.Emit(OpCodes.Ret);
        type.DefineProperty(name, PropertyAttributes.None, source.PropertyType, null).SetGetMethod(getter);
    }

    private static ConstructorBuilder EmitConstructor(TypeBuilder type, IReadOnlyList<PixieColumn> columns, FieldBuilder[] fields)
    {
        var parameters = new[] { typeof(PixieTable) }.Concat(columns.Select(c => c.StorageType)).ToArray();
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, parameters);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, BaseConstructor);
        for (var i = 0; i < fields.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg, (short)(i + 2));
            il.Emit(OpCodes.Stfld, fields[i]);
        }

        il.Emit(OpCodes.Ret);
        return constructor;
    }

    // public static PixieRow Create(PixieTable table, Array[] cols, int i) => new Row(table, ((T0[])cols[0])[i], ...);
    private static void EmitFactory(TypeBuilder type, IReadOnlyList<PixieColumn> columns, ConstructorBuilder constructor)
    {
        var factory = type.DefineMethod(FactoryName, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, typeof(PixieRow), [typeof(PixieTable), typeof(Array[]), typeof(int)]);
        var il = factory.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        for (var i = 0; i < columns.Count; i++)
        {
            var storageType = columns[i].StorageType;
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Castclass, storageType.MakeArrayType());
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldelem, storageType);
        }

        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>Per column, its ordinal when <paramref name="served"/> holds for it, else null.</summary>
    private static int?[] Ordinals(IReadOnlyList<PixieColumn> columns, Func<PixieColumn, bool> served) =>
        columns.Select((c, i) => served(c) ? (int?)i : null).ToArray();

    // protected override R name(int ordinal) { switch (ordinal) { case i: return load(i); } throw NoSuchColumn(ordinal); }
    // A null ordinal has no case: it throws too.
    private static void EmitSwitch(TypeBuilder type, string name, Type returnType, int?[] ordinals, Action<ILGenerator, int> load)
    {
        var method = type.DefineMethod(name, MethodAttributes.Family | MethodAttributes.Virtual | MethodAttributes.HideBySig, returnType, [typeof(int)]);
        var il = method.GetILGenerator();
        var fail = il.DefineLabel();
        var labels = ordinals.Select(o => o is null ? fail : il.DefineLabel()).ToArray();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Switch, labels);
        il.Emit(OpCodes.Br, fail);
        for (var i = 0; i < ordinals.Length; i++)
        {
            if (ordinals[i] is { } ordinal)
            {
                il.MarkLabel(labels[i]);
                load(il, ordinal);
                il.Emit(OpCodes.Ret);
            }
        }

        il.MarkLabel(fail);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, NoSuchColumn);
        il.Emit(OpCodes.Throw);
        type.DefineMethodOverride(method, typeof(PixieRow).GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)!);
    }
}
