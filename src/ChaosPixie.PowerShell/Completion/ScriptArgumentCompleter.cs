using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ChaosPixie.Engine.Pixie.Scripts;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>
/// Completes -Argument, after -Name, with a hashtable of the script's variables and their defaults. PowerShell does not
/// ask a completer for keys typed inside '@{' (only its own cmdlets get that), so the whole hashtable is offered at
/// the parameter's value instead.
/// </summary>
public sealed class ScriptArgumentCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (fakeBoundParameters["Name"] is not string name || ScriptBundleAtHand.Get(fakeBoundParameters)?.Find(name) is not { Variables.Count: > 0 } script)
        {
            return [];
        }

        // Required variables first, with an empty value to fill in; the others with their default.
        var entries = script.Variables.OrderBy(v => !v.IsRequired).Select(v => $"{Key(v.Name)} = {Quote(v.DefaultValue ?? string.Empty)}");
        var hashtable = "@{ " + string.Join("; ", entries) + " }";
        return hashtable.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase)
            ? [new CompletionResult(hashtable, hashtable, CompletionResultType.ParameterValue, PixieScriptArguments.Describe(script))]
            : [];
    }

    private static string Key(string name) => name.All(c => char.IsLetterOrDigit(c) || c == '_') ? name : Quote(name);

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
