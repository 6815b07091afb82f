using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Statistics;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// The keys that judge an experiment's tolerance per group, as -GroupBy, -Require and -AllowFailures do for the
/// cmdlets: <c>group_by</c> (a field of the probe's rows), and <c>require</c> (<c>all</c> or <c>any</c>) or
/// <c>allow_failures</c> (a number of groups), not both. The chaospixie percentile tolerances take them as arguments,
/// the <c>baseline</c> tolerance as keys of its own.
/// </summary>
internal sealed record GroupArguments(string GroupBy, GroupRequirement Requirement)
{
    public const string GroupByKey = "group_by";
    public const string RequireKey = "require";
    public const string AllowFailuresKey = "allow_failures";

    public static IReadOnlyList<string> Keys { get; } = [GroupByKey, RequireKey, AllowFailuresKey];

    /// <summary>
    /// The grouping the keys ask for, null without <c>group_by</c>; false with the key at fault and a message that
    /// says what to fix.
    /// </summary>
    public static bool TryParse(JsonObject definition, out GroupArguments? groups, out string? key, out string? problem)
    {
        groups = null;
        key = null;
        problem = null;
        string? require = null;
        int? allowFailures = null;
        if (definition.TryGetPropertyValue(RequireKey, out var requireNode))
        {
            if (PythonValue.AsString(requireNode) is not { } text)
            {
                return Fail(RequireKey, $"`{RequireKey}` must be all (every group must pass) or any (one passing group is enough), not {ValueExcerpt.Of(requireNode)}", out key, out problem);
            }

            require = text;
        }

        if (definition.TryGetPropertyValue(AllowFailuresKey, out var failuresNode))
        {
            if (PythonValue.IsBool(failuresNode) || !PythonValue.IsInteger(failuresNode) || PythonValue.AsNumber(failuresNode) is not { } failures || failures is < 0 or > int.MaxValue)
            {
                return Fail(AllowFailuresKey, $"`{AllowFailuresKey}` must be a whole number of 0 or more: how many groups may fail, not {ValueExcerpt.Of(failuresNode)}", out key, out problem);
            }

            allowFailures = (int)failures;
        }

        GroupRequirement requirement;
        try
        {
            requirement = GroupRequirement.Of(require, allowFailures);
        }
        catch (ToleranceException e)
        {
            return Fail(e.Kind == ToleranceErrorKind.GroupRequirementInvalid ? RequireKey : AllowFailuresKey, e.Message, out key, out problem);
        }

        if (!definition.TryGetPropertyValue(GroupByKey, out var groupByNode))
        {
            return require is null && allowFailures is null
                || Fail(require is null ? AllowFailuresKey : RequireKey, $"`{(require is null ? AllowFailuresKey : RequireKey)}` says how the groups make the verdict, but there are no groups: add `{GroupByKey}` (the field of the probe's rows to group by, such as service or pod), or remove it", out key, out problem);
        }

        if (PythonValue.AsString(groupByNode) is not { Length: > 0 } groupBy)
        {
            return Fail(GroupByKey, $"`{GroupByKey}` must be the name of a field of the probe's rows, such as service or pod: each of its values is judged on its own rows", out key, out problem);
        }

        groups = new GroupArguments(groupBy, requirement);
        return true;
    }

    /// <summary>The grouping of arguments that validation has passed: an <see cref="ArgumentException"/> with the problem otherwise.</summary>
    public static GroupArguments? Read(JsonObject definition) =>
        TryParse(definition, out var groups, out var key, out var problem) ? groups : throw new ArgumentException($"the argument '{key}' is invalid: {problem}");

    private static bool Fail(string at, string message, out string? key, out string? problem)
    {
        key = at;
        problem = message;
        return false;
    }
}
