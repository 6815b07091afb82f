using System.Globalization;
using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// One of Keptn's pass criteria, judged against a baseline value: <c>&lt;=+10%</c> (the baseline times 1.1),
/// <c>&lt;=-5</c> (the baseline minus 5), <c>&lt;600</c> (absolute), or ChaosPixie's spelling of the same,
/// <c>&lt;= before * 1.2</c> and <c>&lt;= before + 0.005</c>. Whitespace does not matter.
/// </summary>
public sealed partial class RelativeCriterion
{
    private RelativeCriterion(string text, string op, Func<double, double> target, bool relative)
    {
        Text = text;
        Operator = op;
        _target = target;
        IsRelative = relative;
    }

    private readonly Func<double, double> _target;

    /// <summary>The criterion as written, trimmed.</summary>
    public string Text { get; }

    /// <summary><c>&lt;=</c>, <c>&lt;</c>, <c>=</c>, <c>&gt;=</c> or <c>&gt;</c>.</summary>
    public string Operator { get; }

    /// <summary>False for an absolute criterion (<c>&lt;600</c>), which ignores the baseline.</summary>
    public bool IsRelative { get; }

    /// <summary>The criterion, or a <see cref="FormatException"/> that shows the forms it accepts.</summary>
    public static RelativeCriterion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = WhiteSpace().Replace(text, string.Empty);
        if (BeforeForm().Match(compact) is { Success: true } named)
        {
            var op = named.Groups["op"].Value;
            if (named.Groups["arith"].Success)
            {
                var amount = Number(named.Groups["n"].Value, text);
                Func<double, double> target = named.Groups["arith"].Value switch
                {
                    "*" => before => before * amount,
                    "+" => before => before + amount,
                    _ => before => before - amount,
                };
                return new(text.Trim(), op, target, relative: true);
            }

            return new(text.Trim(), op, before => before, relative: true);
        }

        if (KeptnForm().Match(compact) is { Success: true } keptn && keptn.Groups["n"].Value is { Length: > 0 } digits && digits != ".")
        {
            var op = keptn.Groups["op"].Value;
            var amount = Number(digits, text);
            var sign = keptn.Groups["sign"].Value;
            if (keptn.Groups["pct"].Success)
            {
                // A percentage is always relative, upward unless it says minus.
                var factor = sign == "-" ? (100 - amount) / 100 : (100 + amount) / 100;
                return new(text.Trim(), op, before => before * factor, relative: true);
            }

            return sign switch
            {
                "+" => new(text.Trim(), op, before => before + amount, relative: true),
                "-" => new(text.Trim(), op, before => before - amount, relative: true),
                _ => new(text.Trim(), op, _ => amount, relative: false),
            };
        }

        throw new FormatException(
            $"'{text}' is not a criterion: write an operator (<=, <, =, >=, >) and a target, such as '<= before * 1.2', '<= before + 0.005', '<=+20%', '<=+0.005' or '<600'.");
    }

    /// <summary>The value the candidate is compared with, from the baseline's.</summary>
    public double Target(double baseline) => _target(baseline);

    /// <summary>Whether the candidate's value meets the criterion against the baseline's; NaN never does.</summary>
    public bool IsMet(double candidate, double baseline)
    {
        var target = Target(baseline);
        return Operator switch
        {
            "<=" => candidate <= target,
            "<" => candidate < target,
            "=" => candidate == target,
            ">=" => candidate >= target,
            _ => candidate > target,
        };
    }

    public override string ToString() => Text;

    private static double Number(string digits, string text) =>
        double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"'{text}' has no usable number ('{digits}').");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^(?<op><=|<|=|>=|>)before(?:(?<arith>[*+-])(?<n>\d+\.?\d*|\.\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex BeforeForm();

    [GeneratedRegex(@"^(?<op><=|<|=|>=|>)(?<sign>[+-]?)(?<n>\d*\.?\d*)(?<pct>%)?$", RegexOptions.CultureInvariant)]
    private static partial Regex KeptnForm();
}
