namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// Table and column names are data sent by the server: any length, any character. These keep them usable as a row
/// class's type name and property names, and short in messages.
/// </summary>
public static class PixieNames
{
    private const int MessageLength = 80;
    private const int TypeNameLength = 120;

    /// <summary>A name for a message: names longer than 80 characters are cut, with their length.</summary>
    public static string Short(string name) =>
        name.Length <= MessageLength ? name : $"{name[..MessageLength]}... ({name.Length:N0} characters)";

    /// <summary>
    /// The part of the row type name after 'ChaosPixie.PixieRow#': the table name itself when it is 1 to 120 letters,
    /// digits, '_', '-' or '.'; otherwise those characters with every other one as '_', cut to 120, and a hash of
    /// the whole name, so that two different names never share a type name.
    /// </summary>
    internal static string ForTypeName(string tableName)
    {
        if (tableName.Length is > 0 and <= TypeNameLength && tableName.All(IsTypeNameChar))
        {
            return tableName;
        }

        var kept = new string(tableName.Take(TypeNameLength).Select(c => IsTypeNameChar(c) ? c : '_').ToArray());
        return $"{kept}~{Hash(tableName):x8}";
    }

    /// <summary>
    /// Unique, non-empty property names for a relation's columns, in order. A column keeps its name unless it is
    /// empty (it becomes 'column_N', N its 1-based position), holds control characters (each becomes '_'), or is
    /// already taken by an earlier column or a <paramref name="reserved"/> name (a tagged row's ClusterId, ClusterName),
    /// ignoring case as PowerShell does (it gets the lowest free '_2', '_3', ...).
    /// </summary>
    internal static string[] ForProperties(IReadOnlyList<string> columnNames, IEnumerable<string>? reserved = null)
    {
        var taken = new HashSet<string>(reserved ?? [], StringComparer.OrdinalIgnoreCase);
        var names = new string[columnNames.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var name = columnNames[i];
            var clean = name.Length == 0 ? $"column_{i + 1}" : name.Any(char.IsControl) ? new string(name.Select(c => char.IsControl(c) ? '_' : c).ToArray()) : name;
            var unique = clean;
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = $"{clean}_{n}";
            }

            names[i] = unique;
        }

        return names;
    }

    private static bool IsTypeNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    // FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.
    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
