using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>What a <c>powershell</c> activity asks for: a command (with an optional module to import) or a script, and its arguments.</summary>
public sealed record PowerShellActivity(string ActivityName, string? Command, string? Module, string? Script, JsonObject? Arguments);

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

    public IReadOnlyList<ProviderProblem> Validate(JsonObject provider, string activityName)
    {
        var problems = new List<ProviderProblem>();
        var func = provider["func"];
        var script = provider["script"];
        if (func is null && script is null)
        {
            problems.Add(new($"a PowerShell activity must have a command in 'func' or a script in 'script', in activity '{activityName}'", null, false));
        }
        else if (func is not null && script is not null)
        {
            problems.Add(new($"a PowerShell activity takes either 'func' or 'script', not both, in activity '{activityName}'", "script", false));
        }
        else if (func is not null && string.IsNullOrWhiteSpace(ProviderValues.String(func)))
        {
            problems.Add(new($"the 'func' of PowerShell activity '{activityName}' must be a non-empty command name", "func", false));
        }
        else if (script is not null && string.IsNullOrWhiteSpace(ProviderValues.String(script)))
        {
            problems.Add(new($"the 'script' of PowerShell activity '{activityName}' must be non-empty text", "script", false));
        }

        if (provider["module"] is { } module && string.IsNullOrWhiteSpace(ProviderValues.String(module)))
        {
            problems.Add(new($"the 'module' of PowerShell activity '{activityName}' must be a module name or path", "module", false));
        }

        if (provider["arguments"] is { } arguments && arguments is not JsonObject)
        {
            problems.Add(new($"the 'arguments' of PowerShell activity '{activityName}' must be a mapping of parameter names to values", "arguments", false));
        }

        return problems;
    }

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var runner = _runner ?? throw new InvalidOperationException("PowerShell activities need a PowerShell host to run in.");
        var activity = new PowerShellActivity(
            context.ActivityName,
            ProviderValues.String(provider["func"]),
            ProviderValues.String(provider["module"]),
            ProviderValues.String(provider["script"]),
            context.Substitute(provider["arguments"]) as JsonObject);
        return runner.Invoke(activity, cancellationToken);
    }
}
