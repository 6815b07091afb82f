using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Pixie;

/// <summary>What can be read from a PxL script without running it.</summary>
public static partial class PxlScript
{
    /// <summary>px.display's default table name (from the planner's signature of display).</summary>
    public const string DefaultTableName = "output";

    /// <summary>
    /// The table names of the script's px.display calls, in order and without repeats: the second argument, by
    /// position or as name=, or 'output' when it is absent. A name that is not a string literal cannot be known and is skipped.
    /// </summary>
    public static IReadOnlyList<string> GetDisplayedTableNames(string script)
    {
        var names = new List<string>();
        foreach (Match call in DisplayCall().Matches(StripComments(script)))
        {
            var name = DisplayName(call.Groups["args"].Value);
            if (name is not null && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string? DisplayName(string arguments)
    {
        var named = NamedArgument().Match(arguments);
        if (named.Success)
        {
            return named.Groups["value"].Value;
        }

        var parts = SplitTopLevel(arguments);
        if (parts.Count < 2)
        {
            return DefaultTableName;
        }

        var literal = StringLiteral().Match(parts[1].Trim());
        return literal.Success && literal.Length == parts[1].Trim().Length ? literal.Groups["value"].Value : null;
    }

    // Splits 'df[df.x > 1], "name"' on the commas that are not inside brackets or strings.
    private static List<string> SplitTopLevel(string arguments)
    {
        var parts = new List<string>();
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(arguments[start..i]);
                start = i + 1;
            }
        }

        parts.Add(arguments[start..]);
        return parts;
    }

    // A '#' outside a string literal starts a comment that runs to the end of the line.
    private static string StripComments(string script)
    {
        var text = new System.Text.StringBuilder(script.Length);
        char? quote = null;
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (quote is null && c == '#')
            {
                while (i + 1 < script.Length && script[i + 1] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (quote is not null && c == '\\' && i + 1 < script.Length)
            {
                text.Append(c);
                c = script[++i];
            }
            else if (c == quote || c == '\n')
            {
                quote = null;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    // px.display( ... ) with balanced parentheses one level deep, enough for the calls scripts write.
    [GeneratedRegex(@"\bpx\.display\s*\((?<args>(?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex DisplayCall();

    [GeneratedRegex(@"\bname\s*=\s*(?<q>['""])(?<value>[^'""]*)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex NamedArgument();

    [GeneratedRegex(@"^(?<q>['""])(?<value>[^'""]*)\k<q>$", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();
}
