using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>Completes a script name with the bundle's scripts (hidden ones left out), their short description as tooltip.</summary>
public sealed class ScriptNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ScriptBundleAtHand.Get(fakeBoundParameters) is { } bundle
            ? Completions.Matching(wordToComplete, bundle.Scripts.Where(s => !s.Hidden).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => (s.Name, s.ShortDoc.Length > 0 ? s.ShortDoc : s.Name)))
            : [];
}
