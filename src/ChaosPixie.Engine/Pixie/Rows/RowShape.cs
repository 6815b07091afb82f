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
    /// index), and the overrides ValueAt and NumberAt (a switch over the ordinal).
    /// </summary>
    private static Type EmitRowType(string tableName, IReadOnlyList<PixieColumn> columns, bool clusterTagged)
    {
        var typeName = "ChaosPixie.PixieRow#" + PixieNames.ForTypeName(tableName);
        return RowModules.Emit(typeName, module => EmitRowType(module.DefineType(typeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(PixieRow)), columns, clusterTagged));
    }

    private static Type EmitRowType(TypeBuilder type, IReadOnlyList<PixieColumn> columns, bool clusterTagged)
    {
        var fields = new FieldBuilder[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var clrType = columns[i].ClrType;
            fields[i] = type.DefineField("_c" + i, clrType, FieldAttributes.Private | FieldAttributes.InitOnly);
            var getter = type.DefineMethod("get_c" + i, MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, clrType, Type.EmptyTypes);
            var il = getter.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, fields[i]);
            il.Emit(OpCodes.Ret);
            type.DefineProperty(columns[i].Name, PropertyAttributes.None, clrType, null).SetGetMethod(getter);
        }

        if (clusterTagged)
        {
            EmitTableProperty(type, Clusters.PixieClusterTag.PropertyNames[0], "TableClusterId");
            EmitTableProperty(type, Clusters.PixieClusterTag.PropertyNames[1], "TableClusterName");
        }

        var constructor = EmitConstructor(type, columns, fields);
        EmitFactory(type, columns, constructor);
        EmitSwitch(type, "ValueAt", typeof(object), fields, (il, field) =>
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            if (field.FieldType.IsValueType)
            {
                il.Emit(OpCodes.Box, field.FieldType);
            }
        });
        EmitSwitch(type, "NumberAt", typeof(double), fields.Select(f => f.FieldType == typeof(long) || f.FieldType == typeof(double) ? f : null).ToArray(), (il, field) =>
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            if (field.FieldType == typeof(long))
            {
                il.Emit(OpCodes.Conv_R8);
            }
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
        var parameters = new[] { typeof(PixieTable) }.Concat(columns.Select(c => c.ClrType)).ToArray();
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
            var clrType = columns[i].ClrType;
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Castclass, clrType.MakeArrayType());
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldelem, clrType);
        }

        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Ret);
    }

    // protected override R name(int ordinal) { switch (ordinal) { case i: return load(field i); } throw NoSuchColumn(ordinal); }
    // A null field has no case: its ordinal throws too.
    private static void EmitSwitch(TypeBuilder type, string name, Type returnType, FieldBuilder?[] fields, Action<ILGenerator, FieldBuilder> load)
    {
        var method = type.DefineMethod(name, MethodAttributes.Family | MethodAttributes.Virtual | MethodAttributes.HideBySig, returnType, [typeof(int)]);
        var il = method.GetILGenerator();
        var fail = il.DefineLabel();
        var labels = fields.Select(f => f is null ? fail : il.DefineLabel()).ToArray();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Switch, labels);
        il.Emit(OpCodes.Br, fail);
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] is { } field)
            {
                il.MarkLabel(labels[i]);
                load(il, field);
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
