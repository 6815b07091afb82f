using System.Text;

namespace ChaosPixie.Engine.Pixie;

/// <summary>Shows each PxL compiler error as its line and column, the message, the source line and a caret under the column.</summary>
internal static class PixieCompilerErrorFormatter
{
    public static string Format(string script, IReadOnlyList<PixieCompilerError> errors)
    {
        var lines = script.Split('\n');
        var text = new StringBuilder(errors.Count == 1 ? "The PxL script does not compile:" : $"The PxL script does not compile ({errors.Count} errors):");
        foreach (var error in errors)
        {
            text.Append('\n').Append($"PxL, line {error.Line}, column {error.Column}: {error.Message}");
            if (error.Line >= 1 && error.Line <= lines.Length)
            {
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

        return text.ToString();
    }
}
