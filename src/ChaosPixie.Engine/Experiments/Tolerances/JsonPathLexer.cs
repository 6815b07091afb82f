using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Experiments.Tolerances;

internal enum JsonPathTokenKind
{
    Current,
    RecursiveDescent,
    Root,
    Dot,
    Star,
    And,
    Equal,
    GreaterOrEqual,
    Greater,
    LessOrEqual,
    Less,
    NotEqual,
    Not,
    Or,
    True,
    False,
    Null,
    BraceLeft,
    BraceRight,
    BracketLeft,
    BracketRight,
    Colon,
    Comma,
    ParenLeft,
    ParenRight,
    Question,
    Id,
    String,
    Number,
    End,
}

internal readonly record struct JsonPathToken(JsonPathTokenKind Kind, string Text, int Position);

/// <summary>
/// The tokens of jsonpath2's ANTLR grammar with ANTLR's lexing rules: longest match first, keywords (`and`, `or`,
/// `not`, `true`, `false`, `null`) before identifiers of the same length, whitespace skipped. So `==` is two
/// `=` tokens and `'a'` is not a token at all, which makes both invalid, as in jsonpath2.
/// </summary>
internal static partial class JsonPathLexer
{
    public static List<JsonPathToken> Tokenize(string text)
    {
        var tokens = new List<JsonPathToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                i++;
                continue;
            }

            var start = i;
            JsonPathTokenKind kind;
            if (c == '"')
            {
                var match = StringToken().Match(text, i);
                if (!match.Success || match.Index != i)
                {
                    throw JsonPathParser.Error(i, $"token recognition error at: '{Loading.ValueExcerpt.Of(text[i..])}'");
                }

                tokens.Add(new(JsonPathTokenKind.String, match.Value, i));
                i += match.Length;
                continue;
            }

            if (c == '-' || char.IsAsciiDigit(c))
            {
                var match = NumberToken().Match(text, i);
                if (!match.Success || match.Index != i)
                {
                    throw JsonPathParser.Error(i, $"token recognition error at: '{c}'");
                }

                tokens.Add(new(JsonPathTokenKind.Number, match.Value, i));
                i += match.Length;
                continue;
            }

            if (c == '_' || char.IsAsciiLetter(c))
            {
                while (i < text.Length && (text[i] == '_' || char.IsAsciiLetterOrDigit(text[i])))
                {
                    i++;
                }

                var word = text[start..i];
                kind = word switch
                {
                    "and" => JsonPathTokenKind.And,
                    "or" => JsonPathTokenKind.Or,
                    "not" => JsonPathTokenKind.Not,
                    "true" => JsonPathTokenKind.True,
                    "false" => JsonPathTokenKind.False,
                    "null" => JsonPathTokenKind.Null,
                    _ => JsonPathTokenKind.Id,
                };
                tokens.Add(new(kind, word, start));
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            (kind, var length) = (c, next) switch
            {
                ('.', '.') => (JsonPathTokenKind.RecursiveDescent, 2),
                ('.', _) => (JsonPathTokenKind.Dot, 1),
                ('>', '=') => (JsonPathTokenKind.GreaterOrEqual, 2),
                ('>', _) => (JsonPathTokenKind.Greater, 1),
                ('<', '=') => (JsonPathTokenKind.LessOrEqual, 2),
                ('<', _) => (JsonPathTokenKind.Less, 1),
                ('!', '=') => (JsonPathTokenKind.NotEqual, 2),
                ('=', _) => (JsonPathTokenKind.Equal, 1),
                ('@', _) => (JsonPathTokenKind.Current, 1),
                ('$', _) => (JsonPathTokenKind.Root, 1),
                ('*', _) => (JsonPathTokenKind.Star, 1),
                ('{', _) => (JsonPathTokenKind.BraceLeft, 1),
                ('}', _) => (JsonPathTokenKind.BraceRight, 1),
                ('[', _) => (JsonPathTokenKind.BracketLeft, 1),
                (']', _) => (JsonPathTokenKind.BracketRight, 1),
                (':', _) => (JsonPathTokenKind.Colon, 1),
                (',', _) => (JsonPathTokenKind.Comma, 1),
                ('(', _) => (JsonPathTokenKind.ParenLeft, 1),
                (')', _) => (JsonPathTokenKind.ParenRight, 1),
                ('?', _) => (JsonPathTokenKind.Question, 1),
                _ => throw JsonPathParser.Error(i, $"token recognition error at: '{c}'"),
            };
            tokens.Add(new(kind, text.Substring(i, length), i));
            i += length;
        }

        tokens.Add(new(JsonPathTokenKind.End, "<EOF>", text.Length));
        return tokens;
    }

    [GeneratedRegex("\\G\"(?:\\\\(?:[\"\\\\/bfnrt]|u[0-9a-fA-F]{4})|[^\"\\\\\\u0000-\\u001F])*\"")]
    private static partial Regex StringToken();

    [GeneratedRegex(@"\G-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+\-]?(?:0|[1-9][0-9]*))?")]
    private static partial Regex NumberToken();
}
