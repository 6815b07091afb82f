using System.Collections;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>
/// The PxL text an Invoke-PixieScript command line is about to run, as far as it can be known without running
/// anything: a -Script string, a variable holding one, or a constant path given to Get-PixieScriptFile before it.
/// </summary>
internal static class ScriptAtHand
{
    public static IReadOnlyList<string> TableNames(CommandAst command, IDictionary? fakeBoundParameters)
    {
        var text = fakeBoundParameters?["Script"] as string ?? ScriptArgument(command) ?? PipedFile(command);
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
        var path = reader?.CommandElements.Skip(1).Where(e => e is not CommandParameterAst).Select(Evaluate).FirstOrDefault();
        try
        {
            return path is not null && File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    // Constants and plain variables only: completion must never run code.
    private static string? Evaluate(Ast argument) => argument switch
    {
        StringConstantExpressionAst constant => constant.Value,
        VariableExpressionAst variable when !variable.VariablePath.IsDriveQualified =>
            Runspace.DefaultRunspace?.SessionStateProxy.PSVariable.GetValue(variable.VariablePath.UserPath) switch
            {
                string s => s,
                System.Management.Automation.PSObject { BaseObject: string s } => s,
                _ => null,
            },
        _ => null,
    };
}
