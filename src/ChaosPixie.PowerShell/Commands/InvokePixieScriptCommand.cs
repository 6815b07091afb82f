using System.Diagnostics;
using System.Management.Automation;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.PowerShell.Completion;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Runs a PxL script on a Pixie cluster and writes each row of its tables to the pipeline as it arrives.
/// Any failure, even after rows were written, stops the pipeline: a short result never reaches a verdict.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PixieScript")]
[OutputType(typeof(PixieRow))]
public sealed partial class InvokePixieScriptCommand : PixieCmdlet
{
    private const int ProgressActivityId = 0x5078;
    private static readonly long ProgressInterval = Stopwatch.Frequency / 4;

    /// <summary>The PxL source; Get-PixieScriptFile objects bind by their Script property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Script { get; set; } = string.Empty;

    /// <summary>Only the rows of these tables (px.display names); all tables by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TableNameCompleter))]
    public string[]? TableName { get; set; }

    /// <summary>The clusters to run on (UUIDs); several run in parallel. Get-PixieCluster objects bind by their Id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ClusterIdCompleter))]
    public string[]? ClusterId { get; set; }

    /// <summary>Asks for the rows unencrypted: only for a server that cannot encrypt (a standalone Vizier) on a path you trust.</summary>
    [Parameter]
    public SwitchParameter NoEncryption { get; set; }

    private PixieSettings _settings = new();
    private PixieConnectionOptions? _connection;
    private Guid _clusterId;

    protected override void BeginProcessing()
    {
        _settings = ResolveSettings(ClusterId is [var only] ? only : null);
        try
        {
            _connection = _settings.ToConnectionOptions();
            if (!BeginClusters())
            {
                _clusterId = _settings.RequireClusterId();
            }
        }
        catch (PixieException e)
        {
            ThrowPixieError(e, _settings.ClusterId);
        }
    }

    protected override TimeSpan DefaultTimeout => PixieScriptOptions.DefaultTimeout;

    protected override void ProcessRecord()
    {
        if (RunsOnSeveralClusters())
        {
            return;
        }

        WriteVerbose($"Running a PxL script ({Script.Length} characters) on cluster {_clusterId} at {_connection!.Server}, waiting {TimeoutText}.");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = new PixieClient(_connection);
            using var run = client.ExecuteScript(_clusterId, Script, ScriptOptions(), StopToken);
            // Until the first row, this says what the cmdlet waits for and for how long; the row count replaces it.
            WriteProgress(new ProgressRecord(ProgressActivityId, "Invoke-PixieScript", $"Waiting for cluster {_clusterId}, {TimeoutText}"));
            var nextProgress = started + ProgressInterval;
            var warned = 0;
            var resumesShown = 0;
            foreach (var row in run.ReadRows())
            {
                if (warned < run.Tables.Count)
                {
                    warned = WarnRenamedColumns(run.Tables, warned);
                }

                WriteObject(row);
                if (run.Resumes != resumesShown)
                {
                    resumesShown = WriteResumeNotes(run);
                }
                if ((run.RowCount & 0x3FF) == 0 && Stopwatch.GetTimestamp() >= nextProgress)
                {
                    nextProgress = Stopwatch.GetTimestamp() + ProgressInterval;
                    WriteProgress(new ProgressRecord(ProgressActivityId, "Invoke-PixieScript", $"{run.RowCount:N0} rows received"));
                }
            }

            WarnRenamedColumns(run.Tables, warned);
            WriteResumeNotes(run);
            if (run.Resumes > 0)
            {
                WriteWarning($"Query {run.QueryId} was resumed {run.Resumes} time(s) after its stream was cut. Pixie may lose up to two messages across a resume unseen, so these rows may be incomplete: Test-PercentileBelow, Test-PercentileAbove and Compare-SteadyState judge them Inconclusive unless -AcceptResumeLoss.");
            }
            WriteProgress(new ProgressRecord(ProgressActivityId, "Invoke-PixieScript", $"{run.RowCount:N0} rows received") { RecordType = ProgressRecordType.Completed });
            PixieSession.Remember(run.Tables);
            var stats = run.Stats is { } s
                ? $"; the cluster compiled it in {s.CompilationTime.TotalMilliseconds:N0} ms, ran it in {s.ExecutionTime.TotalMilliseconds:N0} ms and processed {s.RecordsProcessed:N0} records ({s.BytesProcessed:N0} bytes)"
                : string.Empty;
            WriteVerbose(
                $"Received {run.RowCount:N0} rows of {string.Join(", ", run.Tables.Where(t => TableName is null || TableName.Contains(t.Name)).Select(t => t.Name))} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.###} s (query {run.QueryId}){stats}.");
        }
        catch (PixieException e)
        {
            ThrowPixieError(e, _clusterId);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            // Ctrl+C: the call is cancelled; PowerShell is already stopping the pipeline.
        }
    }

    private PixieScriptOptions ScriptOptions() => new(TableName, Timeout) { Encrypt = !(NoEncryption || _settings.NoEncryption == true) };

    /// <summary>Writes the verbose lines about resumes taken so far; returns how many resumes were shown.</summary>
    private int WriteResumeNotes(PixieScriptRun run)
    {
        while (run.TryTakeNote(out var note))
        {
            WriteVerbose(note);
        }

        return run.Resumes;
    }

    /// <summary>Warns once per table about columns whose property is not the name Pixie sent; returns the tables seen.</summary>
    private int WarnRenamedColumns(IReadOnlyList<PixieTable> tables, int from)
    {
        for (var t = from; t < tables.Count; t++)
        {
            foreach (var column in tables[t].Columns.Where(c => c.IsRenamed))
            {
                WriteWarning(column.SourceName.Length == 0
                    ? $"Table '{PixieNames.Short(tables[t].Name)}' has a column without a name: its property is '{column.Name}'."
                    : $"Table '{PixieNames.Short(tables[t].Name)}': column '{column.SourceName}' is the property '{column.Name}', as the name is taken by an earlier column (PowerShell ignores case) or holds control characters.");
            }
        }

        return tables.Count;
    }
}
