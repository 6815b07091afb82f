using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>Python <c>re</c> syntax that .NET spells differently: named groups <c>(?P&lt;n&gt;...)</c> and back-references <c>(?P=n)</c>.</summary>
public static partial class PythonRegex
{
    public static string ToDotNet(string pattern) =>
        NamedReference().Replace(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), @"\k<$1>");

    [GeneratedRegex(@"\(\?P=(\w+)\)")]
    private static partial Regex NamedReference();
}
