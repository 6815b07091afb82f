using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Builds the JSON paths that name an element of an experiment in messages: `$.method[2].provider.path`.
/// Keys made of letters, digits, `_` and `-` use the dot form (`$.steady-state-hypothesis`), others the
/// bracket form (`$["my key"]`), so every path can be read back unambiguously; a key too long to quote whole is
/// shortened as <see cref="ValueExcerpt"/> does.
/// </summary>
public static partial class DocumentPath
{
    public const string Root = "$";

    public static string Child(string parent, string key) =>
        key.Length <= ValueExcerpt.MaxLength && PlainKey().IsMatch(key)
            ? $"{parent}.{key}"
            : $"{parent}[{System.Text.Json.JsonSerializer.Serialize(ValueExcerpt.Of(key))}]";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*\z")]
    private static partial Regex PlainKey();
}
