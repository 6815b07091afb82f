using System.Text;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// Shows PxL compiler errors: each as its line and column and message, then the source line and a caret under the
/// column. The parts are also given apart, for views that show only a one-line message (see <see cref="Summary"/>).
/// </summary>
public static class PixieCompilerErrorFormatter
{
    /// <summary>The whole text: the summary's lines, each followed by its source line and caret.</summary>
    public static string Format(string script, IReadOnlyList<PixieCompilerError> errors)
    {
        var lines = script.Split('\n');
        var text = new StringBuilder(Heading(errors));
        foreach (var error in errors)
        {
            text.Append('\n').Append(Describe(error));
            AppendSource(text, lines, error);
        }

        return text.ToString();
    }

    /// <summary>
    /// One line: the heading and every error's position and message. PowerShell's ConciseView joins a message's lines
    /// with spaces (for a ParserError, and for any error from a script file), which would scatter a caret.
    /// </summary>
    public static string Summary(IReadOnlyList<PixieCompilerError> errors) =>
        $"{Heading(errors)} {string.Join("; ", errors.Select(Describe))}";

    /// <summary>What to fix, with the source lines and their carets: error views keep the lines of a recommendation.</summary>
    public static string Recommendation(string script, IReadOnlyList<PixieCompilerError> errors)
    {
        var lines = script.Split('\n');
        var text = new StringBuilder(errors.Count == 1 ? "Fix the PxL script where the caret points:" : "Fix the PxL script where the carets point:");
        foreach (var error in errors)
        {
            AppendSource(text, lines, error);
        }

        return text.ToString();
    }

    private static string Heading(IReadOnlyList<PixieCompilerError> errors) =>
        errors.Count == 1 ? "The PxL script does not compile:" : $"The PxL script does not compile ({errors.Count} errors):";

    private static string Describe(PixieCompilerError error) => $"PxL, line {error.Line}, column {error.Column}: {error.Message}";

    private static void AppendSource(StringBuilder text, string[] lines, PixieCompilerError error)
    {
        if (error.Line < 1 || error.Line > lines.Length)
        {
            return;
        }

        var source = lines[error.Line - 1].TrimEnd('\r');
        text.Append('\n').Append("    ").Append(source);
        if (error.Column >= 1)
        {
            // Tabs before the column stay tabs, so the caret lines up in any terminal.
            var prefix = source.Length >= error.Column - 1 ? source[..(error.Column - 1)] : source;
            text.Append('\n').Append("    ").Append(string.Concat(prefix.Select(c => c == '\t' ? '\t' : ' '))).Append('^');
        }
    }
}
