using System.Text.Json.Nodes;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>chaostoolkit-pixie's probes: run a PxL script and return the rows of one table as a list of objects.</summary>
internal static class ChaosPixieProbes
{
    public static JsonArray RunScriptFromLocalFile(string scriptPath, string tableName, JsonObject configuration, JsonObject secrets, PixieSettings? session, string? workingDirectory, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(scriptPath, workingDirectory ?? Environment.CurrentDirectory);
        if (!File.Exists(path))
        {
            throw new ActivityFailedException($"failed to locate script file: {scriptPath}");
        }

        return RunScript(File.ReadAllText(path), tableName, configuration, secrets, session, cancellationToken);
    }

    public static JsonArray RunScript(string script, string tableName, JsonObject configuration, JsonObject secrets, PixieSettings? session, CancellationToken cancellationToken)
    {
        var settings = ChaosPixieAuth.Resolve(configuration, secrets, session);
        using var client = new PixieClient(settings.ToConnectionOptions());
        using var run = client.ExecuteScript(settings.RequireClusterId(), script, new PixieScriptOptions([tableName], PixieScriptOptions.DefaultTimeout), cancellationToken);
        var rows = new JsonArray();
        foreach (var row in run.ReadRows())
        {
            rows.Add(PixieRowRecord.From(row));
        }

        return rows;
    }
}
