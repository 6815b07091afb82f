using System.Text;
using System.Text.RegularExpressions;

namespace ChaosPixie.VizierEmulator.Faults;

/// <summary>
/// The per-request fault a PxL script asks for with a comment line such as
/// <c>#emulator: fault=compile-error line=3 column=5 message="name 'pxx' is not defined"</c>,
/// so one emulator serves many tests.
/// </summary>
internal static partial class FaultLine
{
    [GeneratedRegex(@"^[ \t]*#[ \t]*emulator:(?<text>.*)$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    /// <summary>The script's fault, or null when it has no #emulator line; throws <see cref="FormatException"/> on a bad one.</summary>
    public static Fault? Find(string script)
    {
        var match = Directive().Match(script);
        return match.Success ? Parse(match.Groups["text"].Value.TrimEnd('\r')) : null;
    }

    /// <summary>Parses "fault=kind key=value key="value with spaces" ...".</summary>
    public static Fault Parse(string text)
    {
        string? kind = null;
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in Tokens(text))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{token}' is not key=value.");
            }

            var key = token[..equals];
            var value = token[(equals + 1)..];
            if (key == "fault")
            {
                kind = value;
            }
            else if (!arguments.TryAdd(key, value))
            {
                throw new FormatException($"'{key}' is given twice.");
            }
        }

        return Fault.Create(kind ?? throw new FormatException("the line has no fault=<kind>."), arguments);
    }

    /// <summary>Splits on blanks outside double quotes; the quotes themselves are dropped.</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, started = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                started = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (started)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    started = false;
                }
            }
            else
            {
                current.Append(c);
                started = true;
            }
        }

        if (quoted)
        {
            throw new FormatException("a double quote is not closed.");
        }

        if (started)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
