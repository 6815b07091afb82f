using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// The <c>python</c> provider for chaostoolkit-pixie's two modules, run natively: <c>chaospixie.probes</c> runs a PxL
/// script and returns one table's rows, <c>chaospixie.tolerances</c> judges them. Validation refuses every other
/// python module. As upstream's python provider, any failure of the function is an ActivityFailed
/// "<c>Type: message</c>".
/// </summary>
public sealed class ChaosPixieProvider : IActivityProvider
{
    public string Type => "python";

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var module = ProviderValues.String(provider["module"]);
        var function = ProviderValues.String(provider["func"]);
        var arguments = Arguments(provider, context);
        var secrets = DeclaredSecrets(provider, context.Settings);
        try
        {
            return (module, function) switch
            {
                (ChaosPixieFunctions.Probes, "run_script") =>
                    ChaosPixieProbes.RunScript(ChaosPixieScripts.FromText(Text(arguments, "script"), arguments["vis"], arguments["arguments"]), TableName(arguments), secrets, context, cancellationToken),
                (ChaosPixieFunctions.Probes, "run_script_from_local_file") =>
                    ChaosPixieProbes.RunScriptFromLocalFile(Text(arguments, "script_path"), TableName(arguments), arguments["arguments"], secrets, context, cancellationToken),
                (ChaosPixieFunctions.Tolerances, _) when ChaosPixieTolerances.Knows(function!) => ChaosPixieTolerances.Evaluate(function!, arguments),
                _ => throw new InvalidOperationException($"The python module '{module}' does not expose a function called '{function}' in activity '{context.ActivityName}'"),
            };
        }
        catch (Exception e) when (e is not (OperationCanceledException or InvalidOperationException or ActivityFailedException))
        {
            throw new ActivityFailedException($"{ErrorName(e)}: {e.Message}", e);
        }
    }

    // The arguments substituted, except a tolerance's 'value': the probe's output is data, and spilled rows stay in their file.
    private static JsonObject Arguments(JsonObject provider, ActivityContext context)
    {
        if (provider["arguments"] is not JsonObject given)
        {
            return [];
        }

        var arguments = new JsonObject();
        foreach (var (key, value) in given)
        {
            arguments[key] = key == "value" && SpilledRows.From(value) is { } rows ? rows.ToNode() : context.Substitute(value);
        }

        return arguments;
    }

    // Upstream hands a python function one flat dict merging the scopes its provider lists in "secrets".
    private static JsonObject DeclaredSecrets(JsonObject provider, ExperimentSettings settings)
    {
        var merged = new JsonObject();
        foreach (var scope in (provider["secrets"] as JsonArray ?? []).Select(PythonValue.AsString))
        {
            if (scope is not null && settings.Secrets[scope] is JsonObject values)
            {
                foreach (var (key, value) in values)
                {
                    merged[key] = value?.DeepClone();
                }
            }
        }

        return merged;
    }

    private static string TableName(JsonObject arguments) =>
        arguments["table_name"] is { } name ? PythonText.Str(name) : Pixie.PxlScript.DefaultTableName;

    private static string Text(JsonObject arguments, string name) =>
        PythonValue.AsString(arguments[name]) ?? throw new ArgumentException($"the argument '{name}' must be a string");

    private static string ErrorName(Exception e) => e switch
    {
        Pixie.PixieException pixie => $"PixieError({pixie.Kind})",
        Pixie.Scripts.PixieScriptException => "ValueError",
        Statistics.ToleranceException => "StatisticsError",
        IOException or UnauthorizedAccessException => "OSError",
        ArgumentException => "TypeError",
        _ => e.GetType().Name,
    };
}
