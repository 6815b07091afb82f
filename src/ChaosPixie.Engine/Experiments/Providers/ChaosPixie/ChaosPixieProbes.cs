using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Pixie.Evidence;

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
        if (context.Evidence is { Replaying: true } replay)
        {
            // Offline: the recorded result stands for the cluster's, so no settings are needed.
            return Collect(replay.ReadRecorded(context.ActivityName, script.Text, tableName), context, () => true, cancellationToken)!;
        }

        var settings = ChaosPixieAuth.Resolve(context.Settings.Configuration, secrets, context.PixieSession);
        using var client = new PixieClient(settings.ToConnectionOptions());
        var options = script.Options with { TableNames = [tableName], Encrypt = settings.NoEncryption != true };
        // One evidence file per probe run, whichever attempt gives its result.
        var evidence = context.Evidence is { } recording && context.Outputs is not null ? recording.Next(context.ActivityName) : default;
        // A resumed result may lack rows unseen, and the chaospixie tolerances judge whatever rows they get: such a
        // result is dropped and the script runs once more, as a fresh query.
        if (RunOnce(client, settings.RequireClusterId(), script.Text, options, context, evidence, cancellationToken) is { } rows)
        {
            return rows;
        }

        return RunOnce(client, settings.RequireClusterId(), script.Text, options, context, evidence, cancellationToken)
            ?? throw new ActivityFailedException("the script's stream was cut and resumed twice, and Pixie may lose rows across a resume unseen, so its result is not used; run the experiment again");
    }

    /// <summary>The probe's output, or null when the stream was resumed (its rows are dropped, and so is its evidence).</summary>
    private static JsonNode? RunOnce(PixieClient client, Guid clusterId, string script, PixieScriptOptions options, ActivityContext context, (string? Path, int Run) evidence, CancellationToken cancellationToken)
    {
        using var run = client.ExecuteScript(clusterId, script, options, cancellationToken);
        using var recorder = evidence.Path is { } path ? new PixieEvidenceWriter(path, overwrite: true) : null;
        var output = Collect(recorder is null ? run.ReadRows() : Recorded(run.ReadRows(), recorder), context, () => run.Resumes == 0, cancellationToken);
        if (output is null)
        {
            return null;
        }

        if (recorder is not null)
        {
            // A result without rows is recorded too: its query stands for "nothing measured".
            recorder.BeginQuery(run.Query);
            recorder.Complete();
            context.Evidence!.List(context.ActivityName, evidence.Run, recorder.Path, recorder.RowCount, run.Query);
        }

        return output;
    }

    private static IEnumerable<PixieRow> Recorded(IEnumerable<PixieRow> rows, PixieEvidenceWriter recorder)
    {
        foreach (var row in rows)
        {
            recorder.Write(row);
            yield return row;
        }
    }

    /// <summary>
    /// The rows as the probe's output: spilled to the run's file as they stream in, or a list outside a run; null
    /// when they turn out not to be <paramref name="whole"/>.
    /// </summary>
    private static JsonNode? Collect(IEnumerable<PixieRow> rows, ActivityContext context, Func<bool> whole, CancellationToken cancellationToken)
    {
        var record = new JournalRow();
        if (context.Outputs is not { } outputs)
        {
            // Outside a run (the dynamic configuration), the rows are a value like any other.
            var list = new JsonArray();
            foreach (var row in rows)
            {
                PixieRowRecord.Read(row, record);
                list.Add(record.ToJson());
            }

            return whole() ? list : null;
        }

        using var writer = new SpilledRowsWriter(outputs);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PixieRowRecord.Read(row, record);
            writer.Add(record);
        }

        return whole() ? writer.Complete() : null;
    }
}
