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
/// </summary>
internal sealed class PowerShellActivityRunner : IPowerShellActivityRunner
{
    private const int JsonDepth = 10;
    private readonly PipelineDispatcher _dispatcher;

    public PowerShellActivityRunner(PipelineDispatcher dispatcher) => _dispatcher = dispatcher;

    public JsonNode? Invoke(PowerShellActivity activity, CancellationToken cancellationToken) =>
        _dispatcher.Invoke(() => Run(activity, cancellationToken));

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
