using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>Completes -TableName with the px.display names of the script at hand; it never runs anything.</summary>
public sealed class TableNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Matching(wordToComplete, ScriptAtHand.TableNames(commandAst, fakeBoundParameters).Select(n => (n, $"px.display table '{n}'")));
}
