using System.Collections;
using System.Management.Automation;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Reads a field of a row that is not a Pixie row: a key of a dictionary (chaostoolkit-pixie's rows are dicts;
/// the dictionary's own comparer decides case), or a property of any other object.
/// </summary>
internal static class ToleranceRowFields
{
    public static (bool Present, object? Value) Read(PSObject row, string name)
    {
        if (row.BaseObject is IDictionary dictionary)
        {
            return dictionary.Contains(name) ? (true, Unwrap(dictionary[name])) : (false, null);
        }

        var property = row.Properties[name];
        return property is null ? (false, null) : (true, Unwrap(property.Value));
    }

    /// <summary>
    /// A field of any row, for -GroupBy: a Pixie row's column through its relation, otherwise (a property a Pixie
    /// row carries as a note, such as ClusterId, or any other row) as <see cref="Read"/> reads it.
    /// </summary>
    public static (bool Present, object? Value) ReadAny(object item, string name)
    {
        var baseObject = item is PSObject wrapped ? wrapped.BaseObject : item;
        if (baseObject is PixieRow pixieRow && pixieRow.GetTable().IndexOf(name) is var ordinal and >= 0)
        {
            return (true, pixieRow.GetValue(ordinal));
        }

        return Read(PSObject.AsPSObject(item), name);
    }

    /// <summary>The names a row offers, for the message that says a column was not found.</summary>
    public static IEnumerable<string> Names(object row) => row switch
    {
        PixieRow pixieRow => pixieRow.GetTable().Columns.Select(c => c.Name),
        PSObject { BaseObject: PixieRow pixieRow } => Names(pixieRow),
        PSObject { BaseObject: IDictionary dictionary } => dictionary.Keys.Cast<object>().Select(k => k?.ToString() ?? string.Empty),
        PSObject psObject => psObject.Properties.Select(p => p.Name),
        _ => Names(PSObject.AsPSObject(row)),
    };

    // A nested object (from ConvertFrom-Json, say) becomes a dictionary the engine can read quantiles from.
    private static object? Unwrap(object? value) => value switch
    {
        PSObject { BaseObject: PSCustomObject } nested => nested.Properties.ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.OrdinalIgnoreCase),
        PSObject wrapped => wrapped.BaseObject,
        _ => value,
    };
}
