using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;

namespace ChaosPixie.Engine.Pixie.Rows;

/// <summary>
/// The class made for one relation (table name and column names and types), with its compiled factory and
/// getters. Made once per distinct relation in the process and reused by every query that returns it.
/// </summary>
internal sealed class RowShape
{
    private static readonly ConcurrentDictionary<string, RowShape> Cache = new(StringComparer.Ordinal);

    private RowShape(Type rowType, Func<PixieTable, Array[], int, PixieRow> factory, Func<PixieRow, object?>[] getters, Func<PixieRow, double>?[] numericGetters)
    {
        RowType = rowType;
        Factory = factory;
        Getters = getters;
        NumericGetters = numericGetters;
    }

    public Type RowType { get; }

    /// <summary>Builds the row at an index from a batch's decoded column arrays (one typed array per column).</summary>
    public Func<PixieTable, Array[], int, PixieRow> Factory { get; }

    public Func<PixieRow, object?>[] Getters { get; }

    /// <summary>Unboxed readers for INT64 and FLOAT64 columns; null for other columns.</summary>
    public Func<PixieRow, double>?[] NumericGetters { get; }

    public static RowShape For(string tableName, IReadOnlyList<PixieColumn> columns)
    {
        var signature = tableName + "\n" + string.Join("\n", columns.Select(c => $"{c.Name}\t{c.ClrType.FullName}"));
        return Cache.GetOrAdd(signature, _ => Create(tableName, columns));
    }

    private static RowShape Create(string tableName, IReadOnlyList<PixieColumn> columns)
    {
        var (rowType, fields) = EmitRowType(tableName, columns);
        var constructor = rowType.GetConstructors()[0];

        // (table, cols, i) => new Row(table, ((T0[])cols[0])[i], ((T1[])cols[1])[i], ...)
        var table = Expression.Parameter(typeof(PixieTable), "table");
        var cols = Expression.Parameter(typeof(Array[]), "cols");
        var index = Expression.Parameter(typeof(int), "i");
        var arguments = new List<Expression> { table };
        for (var i = 0; i < columns.Count; i++)
        {
            var array = Expression.Convert(Expression.ArrayIndex(cols, Expression.Constant(i)), columns[i].ClrType.MakeArrayType());
            arguments.Add(Expression.ArrayIndex(array, index));
        }

        var factory = Expression.Lambda<Func<PixieTable, Array[], int, PixieRow>>(
            Expression.New(constructor, arguments), table, cols, index).Compile();

        var getters = new Func<PixieRow, object?>[columns.Count];
        var numericGetters = new Func<PixieRow, double>?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var row = Expression.Parameter(typeof(PixieRow), "row");
            var field = Expression.Field(Expression.Convert(row, rowType), fields[i]);
            getters[i] = Expression.Lambda<Func<PixieRow, object?>>(Expression.Convert(field, typeof(object)), row).Compile();
            if (columns[i].ClrType == typeof(long) || columns[i].ClrType == typeof(double))
            {
                numericGetters[i] = Expression.Lambda<Func<PixieRow, double>>(Expression.Convert(field, typeof(double)), row).Compile();
            }
        }

        return new RowShape(rowType, factory, getters, numericGetters);
    }

    /// <summary>
    /// Emits 'ChaosPixie.PixieRow#table': a sealed class with a private field and a public read-only property
    /// per column, and one constructor that takes the table and every value in column order.
    /// </summary>
    private static (Type Type, FieldInfo[] Fields) EmitRowType(string tableName, IReadOnlyList<PixieColumn> columns)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("ChaosPixie.Rows." + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Rows");
        var type = module.DefineType($"ChaosPixie.PixieRow#{tableName}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(PixieRow));

        var fields = new FieldBuilder[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var clrType = columns[i].ClrType;
            fields[i] = type.DefineField("_c" + i, clrType, FieldAttributes.Private | FieldAttributes.InitOnly);
            var getter = type.DefineMethod("get_" + columns[i].Name, MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, clrType, Type.EmptyTypes);
            var il = getter.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, fields[i]);
            il.Emit(OpCodes.Ret);
            type.DefineProperty(columns[i].Name, PropertyAttributes.None, clrType, null).SetGetMethod(getter);
        }

        var parameterTypes = new[] { typeof(PixieTable) }.Concat(columns.Select(c => c.ClrType)).ToArray();
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, parameterTypes);
        var ctorIl = constructor.GetILGenerator();
        ctorIl.Emit(OpCodes.Ldarg_0);
        ctorIl.Emit(OpCodes.Ldarg_1);
        ctorIl.Emit(OpCodes.Call, typeof(PixieRow).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(PixieTable)])!);
        for (var i = 0; i < columns.Count; i++)
        {
            ctorIl.Emit(OpCodes.Ldarg_0);
            ctorIl.Emit(OpCodes.Ldarg, (short)(i + 2));
            ctorIl.Emit(OpCodes.Stfld, fields[i]);
        }

        ctorIl.Emit(OpCodes.Ret);

        var created = type.CreateType();
        return (created, created.GetFields(BindingFlags.Instance | BindingFlags.NonPublic).OrderBy(f => int.Parse(f.Name[2..], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
