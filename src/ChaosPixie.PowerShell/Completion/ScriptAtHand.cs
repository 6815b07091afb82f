using System.Collections;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>
/// The PxL text an Invoke-PixieScript command line is about to run, as far as it can be known without running
/// anything: a -Script string, a variable holding one, a parenthesised Get-Content of a file, or a constant path given to
/// Get-PixieScriptFile before it.
/// </summary>
internal static class ScriptAtHand
{
    private static readonly HashSet<string> ContentReaders = new(StringComparer.OrdinalIgnoreCase) { "Get-Content", "gc", "cat", "type" };

    public static IReadOnlyList<string> TableNames(CommandAst command, IDictionary? fakeBoundParameters)
    {
        var text = Text(fakeBoundParameters?["Script"]) ?? ScriptArgument(command) ?? PipedFile(command);
        return text is null ? [] : PxlScript.GetDisplayedTableNames(text);
    }

    private static string? ScriptArgument(CommandAst command)
    {
        var elements = command.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            var isScriptParameter = elements[i] is CommandParameterAst { ParameterName: var name } && "Script".StartsWith(name, StringComparison.OrdinalIgnoreCase);
            var isFirstPositional = i == 1 && elements[i] is not CommandParameterAst;
            var argument = isScriptParameter ? (i + 1 < elements.Count ? elements[i + 1] : null) : isFirstPositional ? elements[i] : null;
            if (argument is not null)
            {
                return Evaluate(argument);
            }
        }

        return null;
    }

    private static string? PipedFile(CommandAst command)
    {
        if (command.Parent is not PipelineAst pipeline)
        {
            return null;
        }

        var reader = pipeline.PipelineElements.OfType<CommandAst>().TakeWhile(c => c != command).LastOrDefault(c => c.GetCommandName() is "Get-PixieScriptFile");
        return reader is null ? null : ReadFile(FirstPathArgument(reader));
    }

    // '(Get-Content ./x.pxl -Raw)' as the script: the file it names is read, the command is not run.
    private static string? FileContent(ParenExpressionAst paren) =>
        paren.Pipeline is PipelineAst { PipelineElements: [CommandAst reader] } &&
        reader.GetCommandName() is { } name && ContentReaders.Contains(name)
            ? ReadFile(FirstPathArgument(reader))
            : null;

    // The -Path or -LiteralPath argument, else the first positional one: a constant or a variable holding a string.
    private static string? FirstPathArgument(CommandAst reader)
    {
        var elements = reader.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is CommandParameterAst parameter)
            {
                var isPath = parameter.ParameterName.Equals("Path", StringComparison.OrdinalIgnoreCase) ||
                    parameter.ParameterName.StartsWith("LiteralPath", StringComparison.OrdinalIgnoreCase) ||
                    parameter.ParameterName.Equals("LP", StringComparison.OrdinalIgnoreCase) ||
                    parameter.ParameterName.Equals("PSPath", StringComparison.OrdinalIgnoreCase);
                if (isPath)
                {
                    return parameter.Argument is { } bound ? Evaluate(bound) : i + 1 < elements.Count ? Evaluate(elements[i + 1]) : null;
                }

                // Every other parameter of the readers used here is a switch or takes its value after a colon.
                continue;
            }

            return Evaluate(elements[i]);
        }

        return null;
    }

    // Relative paths resolve against the user's location, not the process's directory.
    private static string? ReadFile(string? path)
    {
        try
        {
            var full = path is null ? null : Path.IsPathRooted(path) ? path : CurrentLocation() is { } location ? Path.GetFullPath(path, location) : null;
            return full is not null && File.Exists(full) ? File.ReadAllText(full) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    // The runspace's file system location, asked of the runspace the completion runs in (a nested, local command).
    internal static string? CurrentLocation()
    {
        try
        {
            using var shell = System.Management.Automation.PowerShell.Create(System.Management.Automation.RunspaceMode.CurrentRunspace);
            var location = shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem").Invoke();
            return location.Count == 1 && location[0].BaseObject is System.Management.Automation.PathInfo pwd ? pwd.ProviderPath : null;
        }
        catch (Exception e) when (e is System.Management.Automation.RuntimeException or InvalidOperationException)
        {
            return null;
        }
    }

    // Constants, plain variables and a parenthesised Get-Content of a constant path only: completion must never run code.
    private static string? Evaluate(Ast argument) => argument switch
    {
        StringConstantExpressionAst constant => constant.Value,
        ParenExpressionAst paren => FileContent(paren),
        VariableExpressionAst variable when !variable.VariablePath.IsDriveQualified =>
            Runspace.DefaultRunspace?.SessionStateProxy.PSVariable.GetValue(variable.VariablePath.UserPath) switch
            {
                var value => Text(value),
            },
        _ => null,
    };

    // Get-Content -Raw wraps its string in a PSObject with PSPath and friends.
    private static string? Text(object? value) => value switch
    {
        string s => s,
        System.Management.Automation.PSObject { BaseObject: string s } => s,
        _ => null,
    };
}
