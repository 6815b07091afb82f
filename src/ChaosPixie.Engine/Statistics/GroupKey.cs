using System.Globalization;
using System.Text;

namespace ChaosPixie.Engine.Statistics;

/// <summary>The text of a row's value that names its group or is matched by a target.</summary>
public static class GroupKey
{
    /// <summary>The name rows without the group's field are gathered under.</summary>
    public const string Missing = "(none)";

    /// <summary>Text as is; byte arrays (pxapi's strings) as UTF-8; other values by their invariant text; null as the empty string.</summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
