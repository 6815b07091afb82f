using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Pixie.Encryption;
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
            return Collect(replay.ReadRecorded(context.EvidenceName, script.Text, tableName), context, () => true, cancellationToken)!;
        }

        var settings = ChaosPixieAuth.Resolve(context.Settings.Configuration, secrets, context.PixieSession);
        var clusterId = settings.RequireClusterId();
        using var client = new PixieClient(settings.ToConnectionOptions());
        var options = script.Options with { TableNames = [tableName], Encrypt = settings.NoEncryption != true, KeyAlgorithm = settings.KeyAlgorithm };
        // One key pair for the probe: its query, the resumes and the run again.
        using var encryption = client.MakeEncryption(options, cancellationToken);
        // One evidence file per probe run, whichever attempt gives its result (a dynamic configuration's probe too).
        var evidence = context.Evidence is { } recording ? recording.Next(context.EvidenceName) : default;
        // A resumed result may lack rows unseen, and the chaospixie tolerances judge whatever rows they get: such a
        // result (or one that failed after its stream was cut) is dropped and the script runs once more, as a fresh
        // query. The run record says so in 'rerun'.
        var first = RunOnce(client, clusterId, script.Text, options, encryption, context, evidence, cancellationToken);
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
        var second = RunOnce(client, clusterId, script.Text, options, encryption, context, evidence, cancellationToken);
        context.Rerun["query_id"] = second.QueryId;
        return second.Output
            ?? throw new ActivityFailedException("the script's stream was cut and resumed twice, and Pixie may lose rows across a resume unseen, so its result is not used; run the experiment again");
    }

    /// <summary>
    /// One query: its output, or no output when its stream was cut (the rows are dropped, and so is its evidence; an
    /// error after the cut too).
    /// </summary>
    private static Attempt RunOnce(PixieClient client, Guid clusterId, string script, PixieScriptOptions options, CallEncryption? encryption, ActivityContext context, (string? Path, int Run) evidence, CancellationToken cancellationToken)
    {
        using var run = client.ExecuteScript(clusterId, script, options, encryption, ownsEncryption: false, cancellationToken);
        using var recorder = evidence.Path is { } path ? new PixieEvidenceWriter(path, overwrite: true) : null;
        try
        {
            var output = Collect(recorder is null ? run.ReadRows() : Recorded(run.ReadRows(), recorder), context, () => run.Resumes == 0, cancellationToken);
            if (output is not null && recorder is not null)
            {
                // A result without rows is recorded too: its query stands for "nothing measured".
                recorder.BeginQuery(run.Query);
                recorder.Complete();
                context.Evidence!.List(context.EvidenceName, evidence.Run, recorder.Path, recorder.RowCount, run.Query);
            }

            return new Attempt(output, run.QueryId, run.Resumes, null);
        }
        catch (PixieException e) when (run.Resumes > 0)
        {
            return new Attempt(null, run.QueryId, run.Resumes, e.Message);
        }
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

    private sealed record Attempt(JsonNode? Output, string? QueryId, int Resumes, string? Failure);
}
