using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// chaostoolkit-pixie's probes: run a PxL script and return the rows of one table as a list of objects. In a run, the
/// rows go to a file as they stream in (<see cref="SpilledRowsWriter"/>), so a million rows cost disk, not memory.
/// </summary>
internal static class ChaosPixieProbes
{
    /// <summary>A .pxl file as upstream reads it; with 'arguments', or a script folder, run with its vis.json.</summary>
    public static JsonNode RunScriptFromLocalFile(string scriptPath, string tableName, JsonNode? scriptArguments, JsonObject secrets, ActivityContext context, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(scriptPath, context.WorkingDirectory ?? Environment.CurrentDirectory);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new ActivityFailedException($"failed to locate script file: {scriptPath}");
        }

        return RunScript(ChaosPixieScripts.FromPath(path, scriptArguments), tableName, secrets, context, cancellationToken);
    }

    public static JsonNode RunScript((string Text, PixieScriptOptions Options) script, string tableName, JsonObject secrets, ActivityContext context, CancellationToken cancellationToken)
    {
        var settings = ChaosPixieAuth.Resolve(context.Settings.Configuration, secrets, context.PixieSession);
        using var client = new PixieClient(settings.ToConnectionOptions());
        var options = script.Options with { TableNames = [tableName], Encrypt = settings.NoEncryption != true };
        // A resumed result may lack rows unseen, and the chaospixie tolerances judge whatever rows they get: such a
        // result is dropped and the script runs once more, as a fresh query.
        if (RunOnce(client, settings.RequireClusterId(), script.Text, options, context, cancellationToken) is { } rows)
        {
            return rows;
        }

        return RunOnce(client, settings.RequireClusterId(), script.Text, options, context, cancellationToken)
            ?? throw new ActivityFailedException("the script's stream was cut and resumed twice, and Pixie may lose rows across a resume unseen, so its result is not used; run the experiment again");
    }

    /// <summary>The probe's output, or null when the stream was resumed (its rows are dropped).</summary>
    private static JsonNode? RunOnce(PixieClient client, Guid clusterId, string script, PixieScriptOptions options, ActivityContext context, CancellationToken cancellationToken)
    {
        using var run = client.ExecuteScript(clusterId, script, options, cancellationToken);
        var record = new JournalRow();
        if (context.Outputs is not { } outputs)
        {
            // Outside a run (the dynamic configuration), the rows are a value like any other.
            var rows = new JsonArray();
            foreach (var row in run.ReadRows())
            {
                PixieRowRecord.Read(row, record);
                rows.Add(record.ToJson());
            }

            return run.Resumes > 0 ? null : rows;
        }

        using var writer = new SpilledRowsWriter(outputs);
        foreach (var row in run.ReadRows())
        {
            PixieRowRecord.Read(row, record);
            writer.Add(record);
        }

        return run.Resumes > 0 ? null : writer.Complete();
    }
}
