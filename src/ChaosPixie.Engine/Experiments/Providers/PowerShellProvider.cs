using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Validation;

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
internal sealed class PowerShellProvider : IProviderType
{
    public string Name => "powershell";

    public bool Validate(JsonObject activity, JsonObject provider, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var function = provider["func"];
        var script = provider["script"];
        if (PythonValue.IsTruthy(function) == PythonValue.IsTruthy(script))
        {
            return problems.Ours("a powershell activity must have either `func` (a command name) or `script` (script text), not both", path);
        }

        if (PythonValue.IsTruthy(function) && !PythonValue.IsString(function))
        {
            return problems.Ours("a powershell activity's `func` must be a command name", DocumentPath.Child(path, "func"));
        }

        if (PythonValue.IsTruthy(script) && !PythonValue.IsString(script))
        {
            return problems.Ours("a powershell activity's `script` must be script text", DocumentPath.Child(path, "script"));
        }

        var module = provider["module"];
        if (module is not null && !(PythonValue.IsString(module) && PythonValue.AsString(module)!.Length > 0))
        {
            return problems.Ours("a powershell activity's `module` must be the name or path of a module to import", DocumentPath.Child(path, "module"));
        }

        var arguments = provider["arguments"];
        return arguments is null or JsonObject
            || problems.Ours($"the arguments of a powershell activity must be a mapping of parameter names to values, not a {ExperimentLoader.Describe(arguments)}", DocumentPath.Child(path, "arguments"));
    }

    /// <summary><c>Get-Foo -Name "x"</c>: the command or the script, then its parameters.</summary>
    public string? Describe(JsonObject provider, string? hidden) =>
        OneLine.Join(
            PythonValue.AsString(provider["func"]) ?? PythonValue.AsString(provider["script"]),
            provider["arguments"] is JsonObject arguments ? string.Join(' ', arguments.Where(p => p.Key != hidden).Select(p => $"-{p.Key} {OneLine.Json(p.Value)}")) : null);

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var runner = context.PowerShell ?? throw new InvalidOperationException("PowerShell activities need a PowerShell host to run in.");
        var activity = new PowerShellActivity(
            context.ActivityName,
            PythonValue.AsString(provider["func"]),
            PythonValue.AsString(provider["module"]),
            PythonValue.AsString(provider["script"]),
            context.Substitute(provider["arguments"]) as JsonObject,
            Redactor.For(context.Settings, context.PixieSession));
        return runner.Invoke(activity, cancellationToken);
    }
}
