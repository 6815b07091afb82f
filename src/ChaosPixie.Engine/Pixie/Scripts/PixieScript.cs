using System.Text.RegularExpressions;

namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// A script as px run knows it: its PxL, its vis.json (null when it has none) and its descriptions. A bundle script
/// has a name (px/service_stats); a local one (-Path) has its folder's name and is sent without a query name.
/// </summary>
public sealed partial class PixieScript
{
    public PixieScript(string name, string pxl, PixieVis? vis, string source, bool isBundled)
    {
        Name = name;
        Pxl = pxl;
        Vis = vis;
        Source = source;
        IsBundled = isBundled;
    }

    public string Name { get; }

    public string ShortDoc { get; init; } = string.Empty;

    public string LongDoc { get; init; } = string.Empty;

    /// <summary>Hidden from listings, as Pixie hides it; it still runs by name.</summary>
    public bool Hidden { get; init; }

    public string Pxl { get; }

    public PixieVis? Vis { get; }

    /// <summary>Where it was read: a bundle URL or file, or a folder.</summary>
    public string Source { get; }

    public bool IsBundled { get; }

    public IReadOnlyList<PixieScriptVariable> Variables => Vis?.Variables ?? [];

    /// <summary>The tables it produces: the vis.json's output names, or its px.display names when it has no vis.json.</summary>
    public IReadOnlyList<string> TableNames => Vis is { } vis
        ? vis.Calls.Select(c => c.OutputName).Distinct(StringComparer.Ordinal).ToArray()
        : PxlScript.GetDisplayedTableNames(Pxl);

    /// <summary>
    /// What px run sends for this script and these arguments: checked against the variables before anything is
    /// sent (see <see cref="PixieScriptArguments"/>), defaults applied, each vis.json call turned into an exec_funcs
    /// entry.
    /// </summary>
    public PixieScriptOptions Prepare(IReadOnlyDictionary<string, object?> arguments, PixieScriptOptions options)
    {
        var values = PixieScriptArguments.Resolve(this, arguments);
        var functions = Vis?.Calls.Select(c => Call(c, values)).ToArray() ?? [];
        return options with
        {
            Functions = functions,
            QueryName = IsBundled ? Name : null,
            Mutation = Mutation().IsMatch(Pxl),
        };
    }

    /// <summary>The PxL as px run sends it, without surrounding whitespace.</summary>
    public string QueryText => Pxl.Trim();

    public override string ToString() => Name;

    private PixieFunctionCall Call(PixieVisCall call, IReadOnlyDictionary<string, string> values) => new(
        call.Function.Name,
        call.OutputName,
        call.Function.Arguments.Select(a => new KeyValuePair<string, string>(a.Name, ArgumentValue(call, a, values))).ToArray());

    private string ArgumentValue(PixieVisCall call, PixieFunctionArgument argument, IReadOnlyDictionary<string, string> values)
    {
        if (argument.Value is { } value)
        {
            return value;
        }

        if (argument.Variable is { } variable)
        {
            return values.TryGetValue(variable, out var computed)
                ? computed
                : throw new PixieScriptException(
                    PixieScriptErrorKind.BundleInvalid,
                    $"The vis.json of '{Name}' passes the variable '{variable}' to {call.Function.Name}({argument.Name}), but declares no such variable.",
                    "Declare the variable in the vis.json's variables, or fix the argument.")
                { Target = Name };
        }

        throw new PixieScriptException(
            PixieScriptErrorKind.BundleInvalid,
            $"The vis.json of '{Name}' gives {call.Function.Name}({argument.Name}) neither a value nor a variable.",
            "Give the argument a 'value' or a 'variable'.")
        { Target = Name };
    }

    // px run sets mutation for a script that imports pxtrace on a line of its own, exactly so.
    [GeneratedRegex("(?m:^(from pxtrace|import pxtrace)$)", RegexOptions.CultureInvariant)]
    private static partial Regex Mutation();
}
