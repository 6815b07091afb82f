using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// A value as messages quote it: whole when short, otherwise its start and how long it is, so that a 20 MB value
/// (or a secret-sized one that slipped past) never fills a message, a log or an error record.
/// </summary>
public static class ValueExcerpt
{
    /// <summary>The most characters of a value a message quotes.</summary>
    public const int MaxLength = 120;

    public static string Of(string? text)
    {
        if (text is null || text.Length <= MaxLength)
        {
            return text ?? string.Empty;
        }

        // Never cut a surrogate pair in two.
        var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{text[..cut]}... ({text.Length} characters)");
    }

    /// <summary>A document value's Python text (`None`, `True`, `{'a': 1}`), shortened as <see cref="Of(string?)"/> does.</summary>
    public static string Of(JsonNode? value) => Of(PythonText.Str(value));
}
