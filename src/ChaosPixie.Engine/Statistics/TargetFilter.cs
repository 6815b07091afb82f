using System.Globalization;
using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// chaostoolkit-pixie's target (key, regex): a row is left out only when it has the key and its value does not
/// match. The match is Python's re.match, anchored at the start of the value and not at its end, so
/// "/consumer" keeps "/consumer-1". Rows without the key are kept.
/// </summary>
public sealed class TargetFilter
{
    private readonly Regex _regex;

    public TargetFilter(string column, string pattern)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(pattern);
        Column = column;
        Pattern = pattern;
        try
        {
            // Parse the pattern alone first, so an unbalanced ')' cannot pair with the anchoring group.
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            _regex = new Regex(@"\A(?:" + pattern + ")", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ToleranceException(
                ToleranceErrorKind.TargetInvalid,
                $"The target pattern '{pattern}' for column '{column}' is not a valid regular expression: {e.Message}",
                pattern);
        }
    }

    public string Column { get; }

    public string Pattern { get; }

    /// <summary>
    /// Whether a row whose target column holds <paramref name="value"/> is kept. Text is matched as is; byte
    /// arrays (pxapi's strings) as UTF-8; other values by their invariant text; null as the empty string.
    /// </summary>
    public bool Matches(object? value) => _regex.IsMatch(GroupKey.Text(value));

    public override string ToString() => $"{Column} =~ '{Pattern}'";
}
