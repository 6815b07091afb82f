using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Pixie.Scripts;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// The script a chaospixie probe sends. Without ChaosPixie's 'arguments' (and 'vis'), the PxL text as upstream sends
/// it. With them, or for a script folder, the script runs as px run runs it: its vis.json's functions as exec_funcs,
/// the arguments checked against its variables first.
/// </summary>
internal static class ChaosPixieScripts
{
    private static readonly PixieScriptOptions Plain = new(null, PixieScriptOptions.DefaultTimeout);

    public static (string Text, PixieScriptOptions Options) FromPath(string path, JsonNode? arguments)
    {
        if (File.Exists(path) && arguments is null)
        {
            return (File.ReadAllText(path), Plain);
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        var script = Directory.Exists(path) ? PixieScriptBundle.ReadScriptFolder(path, name) : PixieScriptBundle.ReadScriptFile(path, name);
        return (script.QueryText, script.Prepare(Values(arguments), Plain));
    }

    public static (string Text, PixieScriptOptions Options) FromText(string text, JsonNode? vis, JsonNode? arguments)
    {
        if (vis is null && arguments is null)
        {
            return (text, Plain);
        }

        var visText = vis switch
        {
            null => null,
            JsonObject document => document.ToJsonString(),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw new ArgumentException("the argument 'vis' must be the script's vis.json, as a mapping or as text"),
        };
        var script = new PixieScript("run_script", text, visText is null ? null : PixieVis.Parse(visText, "the argument 'vis'"), "run_script", isBundled: false);
        return (script.QueryText, script.Prepare(Values(arguments), Plain));
    }

    // The mapping's values as the argument checks take them: text, whole numbers, numbers, booleans.
    private static Dictionary<string, object?> Values(JsonNode? arguments)
    {
        if (arguments is not (null or JsonObject))
        {
            throw new ArgumentException("the argument 'arguments' must be a mapping of the script's variables to their values");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in arguments as JsonObject ?? [])
        {
            values[name] = node switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
                JsonValue v when v.TryGetValue<long>(out var whole) => whole,
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
                _ => throw new ArgumentException($"the value of '{name}' in 'arguments' must be text, a number or a boolean"),
            };
        }

        return values;
    }
}
