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
[Cmdlet(VerbsLifecycle.Invoke, "PixieScript", DefaultParameterSetName = ScriptSet)]
[OutputType(typeof(PixieRow))]
public sealed partial class InvokePixieScriptCommand : PixieCmdlet
{
    private const string ScriptSet = "Script";
    private const string NameSet = "Name";
    private const string PathSet = "Path";
    private const int ProgressActivityId = 0x5078;
    private static readonly long ProgressInterval = Stopwatch.Frequency / 4;

    /// <summary>The PxL source; Get-PixieScriptFile objects bind by their Script property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    public string Script { get; set; } = string.Empty;

    /// <summary>A script of the bundle by name (px/service_stats), run as px run runs it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ScriptNameCompleter))]
    public string? Name { get; set; }

    /// <summary>A script folder (one .pxl and an optional vis.json) or a .pxl file, run as px run runs it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Values of the script's vis.json variables by name; checked before anything is sent.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = PathSet)]
    [ArgumentCompleter(typeof(ScriptArgumentCompleter))]
    public System.Collections.IDictionary? Argument { get; set; }

    /// <summary>Where -Name scripts come from: a bundle JSON file, a pxl_scripts folder or a URL.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string? BundlePath { get; set; }

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

    /// <summary>
    /// The key algorithm Pixie encrypts the rows for: ECDH-ES (fast) or RSA-OAEP-256 (what Pixie's own clients send).
    /// Without it, ECDH-ES, and RSA-OAEP-256 once if the server refuses ECDH-ES.
    /// </summary>
    [Parameter]
    [ValidateSet(PixieKeyAlgorithms.EcdhEs, PixieKeyAlgorithms.RsaOaep256)]
    public string? KeyAlgorithm { get; set; }

    private PixieSettings _settings = new();
    private PixieConnectionOptions? _connection;
    private Guid _clusterId;
    private Engine.Pixie.Scripts.PixieScript? _script;
    private PixieScriptOptions? _prepared;

    protected override void BeginProcessing()
    {
        // The script (a -Script text that is a path, a script by name or path with its arguments) is checked before
        // any setting is read or anything sent.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Script)) && PixieScriptSelection.ScriptIsPath(this, Script) is { } isPath)
        {
            ThrowTerminatingError(isPath);
        }

        try
        {
            _script = ParameterSetName switch
            {
                NameSet => PixieScriptSelection.FindByName(PixieScriptSelection.LoadBundle(this, BundlePath, StopToken), Name!),
                PathSet => PixieScriptSelection.FromPath(this, Path!),
                _ => null,
            };
            _prepared = _script?.Prepare(PixieScriptSelection.Arguments(Argument), new PixieScriptOptions(TableName, Timeout));
        }
        catch (Engine.Pixie.Scripts.PixieScriptException e)
        {
            ThrowTerminatingError(PixieScriptSelection.ToErrorRecord(e));
        }

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
        if (_script is null && PixieScriptSelection.ScriptIsPath(this, Script) is { } piped)
        {
            ThrowTerminatingError(piped);
        }

        if (RunsOnSeveralClusters())
        {
            return;
        }

        var (script, options) = Request();
        WriteVerbose($"Running {ScriptDescription(script, options)} on cluster {_clusterId} at {_connection!.Server}, waiting {TimeoutText}.");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = new PixieClient(_connection);
            using var run = client.ExecuteScript(_clusterId, script, options, StopToken);
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
            WarnUnparsedQuantiles(run.Tables);
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

    /// <summary>One warning per quantiles column with values kept as text; with several clusters, once per cluster, naming it.</summary>
    private void WarnUnparsedQuantiles(IReadOnlyList<PixieTable> tables, Engine.Pixie.Clusters.PixieClusterTag? cluster = null)
    {
        var prefix = cluster is null ? string.Empty : $"Cluster {cluster}: ";
        foreach (var table in tables)
        {
            foreach (var (column, count) in table.UnparsedQuantiles)
            {
                WriteWarning($"{prefix}Table '{PixieNames.Short(table.Name)}': {count:N0} values of the quantiles column '{column.Name}' are not Pixie's quantiles JSON; they are kept as their text.");
            }
        }
    }

    /// <summary>The text and options to send: the script by name or path as prepared, else -Script.</summary>
    private (string Text, PixieScriptOptions Options) Request() =>
        (_script?.QueryText ?? Script, (_prepared ?? new PixieScriptOptions(TableName, Timeout)) with
        {
            Encrypt = !(NoEncryption || _settings.NoEncryption == true),
            KeyAlgorithm = KeyAlgorithm ?? _settings.KeyAlgorithm,
        });

    private string ScriptDescription(string script, PixieScriptOptions options) =>
        $"{(_script is null ? "a PxL script" : $"'{_script.Name}'")} ({script.Length} characters{(options.Functions.Count > 0 ? $", {options.Functions.Count} functions" : string.Empty)})";

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
