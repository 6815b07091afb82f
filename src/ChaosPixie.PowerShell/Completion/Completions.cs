using System.Management.Automation;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>What every completer does with its candidates: keep those that start with the word typed, quote when needed.</summary>
internal static class Completions
{
    public static IEnumerable<CompletionResult> Matching(string wordToComplete, IEnumerable<(string Value, string ToolTip)> candidates)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
        return candidates
            .Where(c => pattern.IsMatch(c.Value))
            .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.ToolTip));
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/') ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
