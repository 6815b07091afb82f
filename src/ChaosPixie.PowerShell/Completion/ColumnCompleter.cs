using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>
/// Completes -Column of the tolerance cmdlets with the columns of the tables Invoke-PixieScript returned in this
/// session: those of the tables the script earlier in the pipeline displays when it can be read, else all of them.
/// </summary>
public sealed class ColumnCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var source = commandAst.Parent is PipelineAst pipeline
            ? pipeline.PipelineElements.OfType<CommandAst>().TakeWhile(c => c != commandAst).LastOrDefault(c => c.GetCommandName() is "Invoke-PixieScript")
            : null;
        var tables = source is null ? [] : ScriptAtHand.TableNames(source, null);
        var known = PixieSession.KnownTables;
        var relevant = tables.Count == 0 ? known : known.Where(t => tables.Contains(t.Name, StringComparer.Ordinal)).ToArray();
        var candidates = relevant
            .SelectMany(t => t.Columns.Select(c => (c.Name, $"{t.Name}.{c.Name}: {c.DataType}{(c.SemanticType is Engine.Pixie.PixieSemanticType.None or Engine.Pixie.PixieSemanticType.Unspecified ? string.Empty : $" ({c.SemanticType})")}")))
            .DistinctBy(c => c.Name, StringComparer.Ordinal);
        return Completions.Matching(wordToComplete, candidates);
    }
}
