using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Controls;
using ChaosPixie.Engine.Experiments.Providers;
using ChaosPixie.Engine.Experiments.Providers.ChaosPixie;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Tolerances;

namespace ChaosPixie.Engine.Experiments;

/// <summary>
/// The only list of the provider types, tolerance kinds and control kinds ChaosPixie knows: validation, the runner, the dynamic
/// configuration and the report all find them here, so a type missing from this list is unknown everywhere (a
/// validation error, never another type's rules). Adding one is one class and one line here.
/// </summary>
internal static class ExperimentRegistry
{
    public static IReadOnlyList<IProviderType> ProviderTypes { get; } =
        [new ProcessProvider(), new HttpProvider(), new PythonProvider(), new PowerShellProvider()];

    /// <summary>Bare values by their JSON type (a string, a bool, a number, a list), then definitions by their <c>type</c>.</summary>
    public static IReadOnlyList<IToleranceKind> ToleranceKinds { get; } =
    [
        new TextTolerance(), new BoolTolerance(), new NumberTolerance(), new ListTolerance(),
        new RegexTolerance(), new RangeTolerance(), new JsonPathTolerance(), new ProbeTolerance(), new BaselineTolerance(),
    ];

    /// <summary>The controls ChaosPixie runs natively by their module, then the one that runs any other python control through the bridge.</summary>
    public static IReadOnlyList<IControlKind> ControlKinds { get; } = [new SafeguardsControlKind(), new RepeatControlKind(), new PythonControlKind()];

    /// <summary>The kind of a control's provider; null when it is not a python provider with a module (upstream runs no other).</summary>
    public static IControlKind? ControlKind(JsonNode? provider) =>
        ProviderType(provider) is PythonProvider && PythonValue.AsString(provider!["module"]) is { Length: > 0 } module
            ? ControlKinds.FirstOrDefault(k => k.Module == module) ?? ControlKinds.First(k => k.Module is null)
            : null;

    /// <summary>The provider type of a definition (<c>provider.type</c>); null when it has none or an unknown one.</summary>
    public static IProviderType? ProviderType(JsonNode? provider) =>
        PythonValue.AsString((provider as JsonObject)?["type"]) is { } name ? ProviderTypes.FirstOrDefault(t => t.Name == name) : null;

    /// <summary>The provider type of a definition to run; an unknown one is not an ActivityFailed (upstream aborts).</summary>
    public static IProviderType RequireProviderType(JsonObject provider, string activityName) =>
        ProviderType(provider) ?? throw new InvalidOperationException($"unknown provider type '{PythonValue.AsString(provider["type"])}' in activity '{activityName}'");

    /// <summary>What a provider definition runs, on one line (<c>process: kubectl get pods</c>), without the argument <paramref name="hidden"/>.</summary>
    public static string? Describe(JsonNode? provider, string? hidden = null)
    {
        if (provider is not JsonObject definition)
        {
            return null;
        }

        var name = PythonValue.AsString(definition["type"]) ?? "provider";
        var detail = ProviderType(definition)?.Describe(definition, hidden);
        return OneLine.Shorten(detail is null ? name : $"{name}: {detail}");
    }

    /// <summary>The kind of a tolerance; null for a definition of an unknown <c>type</c>.</summary>
    public static IToleranceKind? ToleranceKind(JsonNode? tolerance) => ToleranceKinds.FirstOrDefault(k => k.Accepts(tolerance));
}
