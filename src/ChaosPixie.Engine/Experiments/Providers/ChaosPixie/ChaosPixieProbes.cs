using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Pixie.Encryption;

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
        var clusterId = settings.RequireClusterId();
        using var client = new PixieClient(settings.ToConnectionOptions());
        var options = script.Options with { TableNames = [tableName], Encrypt = settings.NoEncryption != true };
        // One key pair for the probe: its query, the resumes and the run again.
        using var key = options.Encrypt ? client.MakeKeyPair(cancellationToken) : null;
        // A resumed result may lack rows unseen, and the chaospixie tolerances judge whatever rows they get: such a
        // result (or one that failed after its stream was cut) is dropped and the script runs once more, as a fresh
        // query. The run record says so in 'rerun'.
        var first = RunOnce(client, clusterId, script.Text, options, key, context, cancellationToken);
        if (first.Output is { } rows)
        {
            return rows;
        }

        context.Rerun = new JsonObject
        {
            ["reason"] = $"the stream of query {first.QueryId} was cut and resumed {first.Resumes} time(s){(first.Failure is null ? string.Empty : $", then failed ({first.Failure})")}; Pixie may lose rows across a resume unseen, so its rows were dropped and the script ran again as a fresh query",
            ["first_query_id"] = first.QueryId,
            ["first_resumes"] = first.Resumes,
        };
        var second = RunOnce(client, clusterId, script.Text, options, key, context, cancellationToken);
        context.Rerun["query_id"] = second.QueryId;
        return second.Output
            ?? throw new ActivityFailedException("the script's stream was cut and resumed twice, and Pixie may lose rows across a resume unseen, so its result is not used; run the experiment again");
    }

    /// <summary>One query: its output, or no output when its stream was cut (the rows are dropped; an error after the cut too).</summary>
    private static Attempt RunOnce(PixieClient client, Guid clusterId, string script, PixieScriptOptions options, PixieKeyPair? key, ActivityContext context, CancellationToken cancellationToken)
    {
        using var run = client.ExecuteScript(clusterId, script, options, key, ownsKey: false, cancellationToken);
        try
        {
            var output = Read(run, context);
            if (run.Resumes > 0 && SpilledRows.From(output) is { } dropped)
            {
                OutputFiles.Delete(dropped.Path);
            }

            return new Attempt(run.Resumes > 0 ? null : output, run.QueryId, run.Resumes, null);
        }
        catch (PixieException e) when (run.Resumes > 0)
        {
            return new Attempt(null, run.QueryId, run.Resumes, e.Message);
        }
    }

    private static JsonNode Read(PixieScriptRun run, ActivityContext context)
    {
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

            return rows;
        }

        using var writer = new SpilledRowsWriter(outputs);
        foreach (var row in run.ReadRows())
        {
            PixieRowRecord.Read(row, record);
            writer.Add(record);
        }

        return writer.Complete();
    }

    private sealed record Attempt(JsonNode? Output, string? QueryId, int Resumes, string? Failure);
}
