using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Experiments.Python;

/// <summary>
/// Compiles a Python `re` pattern with .NET: the Python-only forms `(?P&lt;name&gt;...)`, `(?P=name)` and `\Z`
/// are translated, and a pattern that does not compile gets Python's wording (`unterminated character set`,
/// `nothing to repeat`, ...), because upstream's validation message quotes it. The tolerance evaluator uses the
/// same translation, so a pattern is judged the same way at validation and at run time.
/// </summary>
public static partial class PythonRegex
{
    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="FormatException"/> with Python's message when it does not compile.</summary>
    public static Regex Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            return new Regex(Translate(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
        }
        catch (RegexParseException e)
        {
            throw new FormatException(PythonMessage(e), e);
        }
    }

    private static string Translate(string pattern)
    {
        var named = NamedGroup().Replace(pattern, "(?<");
        var backReference = NamedBackReference().Replace(named, @"\k<$1>");
        return EndOfText().Replace(backReference, @"$1\z");
    }

    private static string PythonMessage(RegexParseException e) => e.Error switch
    {
        RegexParseError.UnterminatedBracket => "unterminated character set",
        RegexParseError.InsufficientClosingParentheses => "missing ), unterminated subpattern",
        RegexParseError.InsufficientOpeningParentheses => "unbalanced parenthesis",
        RegexParseError.QuantifierAfterNothing => "nothing to repeat",
        RegexParseError.NestedQuantifiersNotParenthesized => "multiple repeat",
        RegexParseError.ReversedCharacterRange => "bad character range",
        RegexParseError.ReversedQuantifierRange => "min repeat greater than max repeat",
        RegexParseError.UnescapedEndingBackslash => "bad escape (end of pattern)",
        RegexParseError.UnrecognizedEscape => "bad escape",
        RegexParseError.UndefinedNamedReference => "unknown group name",
        RegexParseError.UndefinedNumberedReference => "invalid group reference",
        _ => Loading.ValueExcerpt.Of(e.Message),
    };

    // Only outside a character class would be exact; these forms inside a class are vanishingly rare.
    [GeneratedRegex(@"(?<!\\)\(\?P<")]
    private static partial Regex NamedGroup();

    [GeneratedRegex(@"(?<!\\)\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex NamedBackReference();

    [GeneratedRegex(@"((?:^|[^\\])(?:\\\\)*)\\Z")]
    private static partial Regex EndOfText();
}
