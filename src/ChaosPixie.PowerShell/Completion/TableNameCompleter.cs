using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>
/// Completes -TableName with the tables of the script at hand: its px.display names, or, after -Name, the output names
/// of the bundle's script. It never runs anything.
/// </summary>
public sealed class TableNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var names = fakeBoundParameters?["Name"] is string name
            ? ScriptBundleAtHand.Get(fakeBoundParameters)?.Find(name)?.TableNames ?? []
            : ScriptAtHand.TableNames(commandAst, fakeBoundParameters);
        return Completions.Matching(wordToComplete, names.Select(n => (n, $"table '{n}'")));
    }
}
