using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Providers;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// The <c>powershell</c> provider's host: runs the command or script in the cmdlet's own runspace, on the pipeline
/// thread, with the activity's arguments splatted, and turns what it outputs into JSON (one object as itself, several
/// as an array, none as null). A terminating error or any error record fails the activity.
/// The errors an activity raises are taken back out of <c>$Error</c>: they may hold a secret that was substituted into
/// its arguments, and the journal and the warning stream already report them, masked.
/// </summary>
internal sealed class PowerShellActivityRunner : IPowerShellActivityRunner
{
    private const int JsonDepth = 10;
    private readonly PipelineDispatcher _dispatcher;
    private readonly SessionState _session;

    public PowerShellActivityRunner(PipelineDispatcher dispatcher, SessionState session)
    {
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

    private static JsonNode? Run(PowerShellActivity activity, CancellationToken cancellationToken)
    {
        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        using var stop = cancellationToken.Register(() => shell.BeginStop(null, null));
        try
        {
            if (activity.Module is not null)
            {
                shell.AddCommand("Import-Module").AddParameter("Name", activity.Module).AddParameter("ErrorAction", "Stop");
                shell.Invoke();
                ThrowOnErrors(shell);
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

            var results = shell.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            ThrowOnErrors(shell);
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

    private static void ThrowOnErrors(System.Management.Automation.PowerShell shell)
    {
        if (shell.Streams.Error.Count > 0)
        {
            var error = shell.Streams.Error[0];
            throw new ActivityFailedException($"{error.Exception?.GetType().Name ?? "Error"}: {error}");
        }
    }

    // ConvertTo-Json gives users PowerShell's own view of their objects (dates, enums as names, nested properties).
    private static JsonNode? ToJson(Collection<PSObject> results)
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
