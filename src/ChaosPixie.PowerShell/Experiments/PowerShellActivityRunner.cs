using System.Management.Automation.Runspaces;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Providers;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// The <c>powershell</c> provider's host: runs the command or script in the cmdlet's own runspace, on the pipeline
/// thread, with the activity's arguments splatted, and turns what it outputs into JSON (one object as itself, several
/// as an array, none as null). A terminating error or any error record fails the activity.
/// Every other stream (warning, verbose, debug, information and Write-Host) is merged into the output, so that nothing
/// reaches the host, a transcript or the build log before the run's secrets are masked: the cmdlet then writes each
/// record to its own stream, masked. Errors PowerShell would transcribe itself are kept out by <see cref="TranscriptPause"/>.
/// The errors an activity raises are taken back out of <c>$Error</c>: they may hold a secret that was substituted into
/// its arguments, and the journal and the warning stream already report them, masked.
/// </summary>
internal sealed class PowerShellActivityRunner : IPowerShellActivityRunner
{
    private const int JsonDepth = 10;
    private readonly Cmdlet _cmdlet;
    private readonly PipelineDispatcher _dispatcher;
    private readonly SessionState _session;

    public PowerShellActivityRunner(Cmdlet cmdlet, PipelineDispatcher dispatcher, SessionState session)
    {
        _cmdlet = cmdlet;
        _dispatcher = dispatcher;
        _session = session;
    }

    public JsonNode? Invoke(PowerShellActivity activity, CancellationToken cancellationToken) =>
        _dispatcher.Invoke(() =>
        {
            var errors = _session.PSVariable.GetValue("global:Error") as System.Collections.IList;
            var newest = errors is { Count: > 0 } ? errors[0] : null;
            try
            {
                return Run(activity, cancellationToken);
            }
            finally
            {
                // $Error holds the newest first, and drops the oldest when full: remove down to what was newest before.
                while (errors is { Count: > 0 } && !ReferenceEquals(errors[0], newest))
                {
                    errors.RemoveAt(0);
                }
            }
        });

    private JsonNode? Run(PowerShellActivity activity, CancellationToken cancellationToken)
    {
        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        using var stop = cancellationToken.Register(() => shell.BeginStop(null, null));
        try
        {
            if (activity.Module is not null)
            {
                shell.AddCommand("Import-Module").AddParameter("Name", activity.Module).AddParameter("ErrorAction", "Stop");
                Invoke(shell, activity.Redactor, cancellationToken);
                shell.Commands.Clear();
            }

            if (activity.Command is not null)
            {
                shell.AddCommand(activity.Command);
            }
            else
            {
                shell.AddScript(activity.Script!);
            }

            foreach (var (name, value) in activity.Arguments ?? [])
            {
                shell.AddParameter(name, JsonToPowerShell.ToClr(value));
            }

            var results = Invoke(shell, activity.Redactor, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return ToJson(results);
        }
        catch (RuntimeException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ActivityFailedException($"{e.ErrorRecord?.Exception?.GetType().Name ?? e.GetType().Name}: {e.Message}", e);
        }
        catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    // Runs the command with every stream merged into its output; what it wrote before a terminating error is still
    // written (masked), and the first error record fails the activity.
    private List<PSObject> Invoke(System.Management.Automation.PowerShell shell, Redactor redactor, CancellationToken cancellationToken)
    {
        shell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.All, PipelineResultTypes.Output);
        var merged = new List<PSObject>();
        var output = new List<PSObject>();
        ErrorRecord? error = null;
        try
        {
            using (TranscriptPause.Begin())
            {
                shell.Invoke(null, merged);
            }
        }
        finally
        {
            foreach (var item in merged)
            {
                if (item?.BaseObject is ErrorRecord record)
                {
                    error ??= record;
                }
                else if (!Forward(item?.BaseObject, redactor, cancellationToken))
                {
                    output.Add(item!);
                }
            }
        }

        if (error is not null)
        {
            throw new ActivityFailedException($"{error.Exception?.GetType().Name ?? "Error"}: {error}");
        }

        return output;
    }

    // Writes a stream record to the cmdlet's stream of the same kind, masked; false for real output. Nothing is
    // written once the pipeline is stopping.
    private bool Forward(object? item, Redactor redactor, CancellationToken cancellationToken)
    {
        Action? write = item switch
        {
            WarningRecord warning => () => _cmdlet.WriteWarning(redactor.Redact(warning.Message)),
            VerboseRecord verbose => () => _cmdlet.WriteVerbose(redactor.Redact(verbose.Message)),
            DebugRecord debug => () => _cmdlet.WriteDebug(redactor.Redact(debug.Message)),
            InformationRecord information => () => _cmdlet.WriteInformation(Masked(information, redactor)),
            _ => null,
        };
        if (write is null)
        {
            return false;
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            write();
        }

        return true;
    }

    // Write-Host's message keeps its colours and its tags (PSHOST), so that the host shows it as it would have.
    private static InformationRecord Masked(InformationRecord record, Redactor redactor)
    {
        object data = record.MessageData is HostInformationMessage host
            ? new HostInformationMessage
            {
                Message = redactor.Redact(host.Message ?? string.Empty),
                NoNewLine = host.NoNewLine,
                ForegroundColor = host.ForegroundColor,
                BackgroundColor = host.BackgroundColor,
            }
            : redactor.Redact(record.MessageData?.ToString() ?? string.Empty);
        var masked = new InformationRecord(data, record.Source);
        masked.Tags.AddRange(record.Tags);
        return masked;
    }

    // ConvertTo-Json gives users PowerShell's own view of their objects (dates, enums as names, nested properties).
    private static JsonNode? ToJson(List<PSObject> results)
    {
        if (results.Count == 0)
        {
            return null;
        }

        object input = results.Count == 1 ? results[0] : results.ToArray();
        using var convert = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        convert.AddCommand("ConvertTo-Json")
            .AddParameter("InputObject", input)
            .AddParameter("Depth", JsonDepth)
            .AddParameter("Compress")
            .AddParameter("EnumsAsStrings")
            .AddParameter("WarningAction", "SilentlyContinue");
        var text = convert.Invoke<string>().FirstOrDefault();
        try
        {
            return text is null ? null : JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ActivityFailedException($"the output cannot be turned into JSON: {e.Message}", e);
        }
    }
}
