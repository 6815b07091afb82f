namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// The python functions ChaosPixie runs natively: chaostoolkit-pixie's `chaospixie.probes` and
/// `chaospixie.tolerances`, with their signatures (parameter order, and which have no default), so that argument
/// binding is checked as Python's `inspect.signature(...).bind` does in upstream's validation.
/// </summary>
internal static class ChaosPixieFunctions
{
    public const string Probes = "chaospixie.probes";
    public const string Tolerances = "chaospixie.tolerances";

    // 'group_by', 'require' and 'allow_failures' are ChaosPixie's addition: each group judged on its own rows.
    private static readonly Parameter[] GroupParameters = [new("group_by", false), new("require", false), new("allow_failures", false)];

    private static readonly Parameter[] PercentileParameters =
    [
        new("column", true), new("treshold", true), new("percentile", false), new("target", false),
        new("convert_from_nanoseconds", false), new("value", false), .. GroupParameters,
    ];

    private static readonly Dictionary<string, Dictionary<string, Parameter[]>> Modules = new(StringComparer.Ordinal)
    {
        [Probes] = new(StringComparer.Ordinal)
        {
            // 'arguments' (and 'vis' for a script given as text) are ChaosPixie's addition: the script's vis.json variables.
            ["run_script"] = [new("script", true), new("table_name", false), new("configuration", false), new("secrets", false), new("arguments", false), new("vis", false)],
            ["run_script_from_local_file"] = [new("script_path", true), new("table_name", false), new("configuration", false), new("secrets", false), new("arguments", false)],
        },
        [Tolerances] = new(StringComparer.Ordinal)
        {
            ["median_should_be_below"] = [new("column", true), new("treshold", true), new("convert_from_nanoseconds", false), new("target", false), new("value", false), .. GroupParameters],
            ["median_should_be_above"] = [new("column", true), new("treshold", true), new("target", false), new("convert_from_nanoseconds", false), new("value", false), .. GroupParameters],
            ["percentile_should_be_below"] = PercentileParameters,
            ["percentile_should_be_above"] = PercentileParameters,
        },
    };

    public static bool IsKnownModule(string module) => Modules.ContainsKey(module);

    public static IReadOnlyList<Parameter>? Signature(string module, string function) =>
        Modules.TryGetValue(module, out var functions) && functions.TryGetValue(function, out var parameters) ? parameters : null;

    internal sealed record Parameter(string Name, bool IsRequired);
}
