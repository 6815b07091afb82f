using System.Reflection;
using Google.Protobuf.Reflection;

namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>
/// The names an evidence file uses (docs/evidence-format.md): record kinds, keys, and Pixie's own names for data and
/// semantic types (vizierpb's enum value names, so a file reads as Pixie's relation does).
/// </summary>
internal static class EvidenceFormat
{
    public const string Name = "chaospixie-evidence";

    /// <summary>The newest version: 2 adds the results of one call on several clusters (a file without them stays 1).</summary>
    public const int Version = 2;

    public const string Kind = "_kind";
    public const string TableKey = "_tableName_";

    /// <summary>The keys that follow <see cref="TableKey"/> in a row of a call on several clusters: its cluster.</summary>
    public const string ClusterIdKey = "ClusterId";
    public const string ClusterNameKey = "ClusterName";

    public const string Header = "header";
    public const string Query = "query";
    public const string Table = "table";
    public const string EndOfStream = "eos";
    public const string QueryEnd = "query_end";
    public const string End = "end";

    /// <summary>A line longer than this is refused before it is parsed: a file must not make the reader hold gigabytes.</summary>
    public const int MaxLineBytes = 64 * 1024 * 1024;

    public static readonly string[] QuantileKeys = ["p01", "p10", "p25", "p50", "p75", "p90", "p99"];

    private static readonly Dictionary<PixieDataType, string> DataTypeNames = NamesOf<Wire.DataType, PixieDataType>();
    private static readonly Dictionary<string, PixieDataType> DataTypesByName = DataTypeNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    private static readonly Dictionary<PixieSemanticType, string> SemanticTypeNames = NamesOf<Wire.SemanticType, PixieSemanticType>();
    private static readonly Dictionary<string, PixieSemanticType> SemanticTypesByName = SemanticTypeNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string NameOf(PixieDataType type) => DataTypeNames.TryGetValue(type, out var name) ? name : ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pixie's name of a semantic type; null for a number this version does not know (written as the number).</summary>
    public static string? NameOf(PixieSemanticType type) => SemanticTypeNames.GetValueOrDefault(type);

    public static bool TryParseDataType(string name, out PixieDataType type) =>
        DataTypesByName.TryGetValue(name, out type) && type != PixieDataType.Unknown;

    public static bool TryParseSemanticType(string name, out PixieSemanticType type) => SemanticTypesByName.TryGetValue(name, out type);

    // The protobuf enums carry Pixie's names (OriginalName); ours have the same numbers.
    private static Dictionary<TOurs, string> NamesOf<TWire, TOurs>()
        where TWire : struct, Enum
        where TOurs : struct, Enum =>
        typeof(TWire).GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(
            f => (TOurs)Enum.ToObject(typeof(TOurs), Convert.ToInt32(f.GetValue(null), System.Globalization.CultureInfo.InvariantCulture)),
            f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name);
}
