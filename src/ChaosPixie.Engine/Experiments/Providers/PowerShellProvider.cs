using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// What a <c>powershell</c> activity asks for: a command (with an optional module to import) or a script, and its
/// arguments; and the run's redactor, for what the activity writes to the other streams on its way to the host.
/// </summary>
public sealed record PowerShellActivity(string ActivityName, string? Command, string? Module, string? Script, JsonObject? Arguments, Redactor Redactor);

/// <summary>
/// Runs PowerShell activities; the cmdlet layer implements it on its pipeline thread (the engine knows no runspace).
/// Throws <see cref="ActivityFailedException"/> when the command fails.
/// </summary>
public interface IPowerShellActivityRunner
{
    JsonNode? Invoke(PowerShellActivity activity, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>powershell</c> provider, ChaosPixie's own: <c>{"type": "powershell", "func": "Get-Foo", "module"?: "Mod",
/// "arguments"?: {...}}</c> splats the (substituted) arguments into the command; <c>"script": "..."</c> runs a script
/// block with them. The script text itself is not substituted: PowerShell's own <c>$name</c> would be taken for a variable.
/// </summary>
public sealed class PowerShellProvider : IActivityProvider
{
    private readonly IPowerShellActivityRunner? _runner;

    public PowerShellProvider(IPowerShellActivityRunner? runner) => _runner = runner;

    public string Type => "powershell";

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var runner = _runner ?? throw new InvalidOperationException("PowerShell activities need a PowerShell host to run in.");
        var activity = new PowerShellActivity(
            context.ActivityName,
            ProviderValues.String(provider["func"]),
            ProviderValues.String(provider["module"]),
            ProviderValues.String(provider["script"]),
            context.Substitute(provider["arguments"]) as JsonObject,
            Redactor.For(context.Settings, context.PixieSession));
        return runner.Invoke(activity, cancellationToken);
    }
}
