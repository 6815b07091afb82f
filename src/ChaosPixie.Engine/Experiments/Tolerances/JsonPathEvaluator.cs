using System.Text.Json.Nodes;

using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// Evaluates a parsed jsonpath2 path the way jsonpath2 does: each node applies itself to the current value and hands
/// every match to the next; <c>..</c> is depth-first, current value first; a filter <c>[?(...)]</c> tests the current
/// value itself; comparisons hold when any pair of left and right values compares true (Python's operators).
/// </summary>
public static class JsonPathEvaluator
{
    public static IEnumerable<JsonNode?> Match(JsonPathNode path, JsonNode? root) => Match(path, root, root);

    private static IEnumerable<JsonNode?> Match(JsonPathNode node, JsonNode? root, JsonNode? current) => node switch
    {
        JsonPathRootNode r => Match(r.Next, root, root),
        JsonPathCurrentNode c => Match(c.Next, root, current),
        JsonPathTerminalNode => [current],
        JsonPathSubscriptNode s => s.Subscripts.SelectMany(sub => Apply(sub, root, current)).SelectMany(value => Match(s.Next, root, value)),
        JsonPathRecursiveDescentNode d => Descend(d, root, current),
        _ => [],
    };

    private static IEnumerable<JsonNode?> Descend(JsonPathRecursiveDescentNode node, JsonNode? root, JsonNode? current)
    {
        foreach (var match in Match(node.Next, root, current))
        {
            yield return match;
        }

        IEnumerable<JsonNode?> children = current switch
        {
            JsonObject obj => obj.Select(pair => pair.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var match in Descend(node, root, child))
            {
                yield return match;
            }
        }
    }

    private static IEnumerable<JsonNode?> Apply(JsonPathSubscript subscript, JsonNode? root, JsonNode? current)
    {
        switch (subscript)
        {
            case JsonPathObjectIndexSubscript name:
                return current is JsonObject obj && obj.TryGetPropertyValue(name.Name, out var value) ? [value] : [];
            case JsonPathArrayIndexSubscript index:
                return current is JsonArray array && Normalize(index.Index, array.Count) is { } i ? [array[i]] : [];
            case JsonPathArraySliceSubscript slice:
                return current is JsonArray items ? Slice(items, slice) : [];
            case JsonPathWildcardSubscript:
                return current switch
                {
                    JsonObject o => o.Select(pair => pair.Value).ToList(),
                    JsonArray a => a.ToList(),
                    _ => [],
                };
            case JsonPathFilterSubscript filter:
                return Holds(filter.Expression, root, current) ? [current] : [];
            case JsonPathNodeSubscript node:
                return Match(node.Node, root, current).SelectMany(key => ByKey(key, current)).ToList();
            case JsonPathCallableSubscript callable:
                return Call(callable, root, current);
            default:
                return [];
        }
    }

    private static int? Normalize(long index, int count)
    {
        var i = index < 0 ? index + count : index;
        return i >= 0 && i < count ? (int)i : null;
    }

    // Python's range(len)[start:end:step].
    private static IEnumerable<JsonNode?> Slice(JsonArray items, JsonPathArraySliceSubscript slice)
    {
        var count = items.Count;
        var step = slice.Step ?? 1;
        if (step == 0)
        {
            yield break;
        }

        long Clamp(long? value, long whenMissing, long low, long high)
        {
            if (value is not { } v)
            {
                return whenMissing;
            }

            v = v < 0 ? v + count : v;
            return Math.Clamp(v, low, high);
        }

        if (step > 0)
        {
            for (var i = Clamp(slice.Start, 0, 0, count); i < Clamp(slice.End, count, 0, count); i += step)
            {
                yield return items[(int)i];
            }
        }
        else
        {
            for (var i = Clamp(slice.Start, count - 1, -1, count - 1); i > Clamp(slice.End, -1, -1, count - 1); i += step)
            {
                yield return items[(int)i];
            }
        }
    }

    private static IEnumerable<JsonNode?> ByKey(JsonNode? key, JsonNode? current)
    {
        if (PythonValue.AsString(key) is { } name)
        {
            return Apply(new JsonPathObjectIndexSubscript(name), current, current);
        }

        return key is JsonValue v && !PythonValue.IsBool(v) && PythonValue.AsNumber(v) is { } n && n == Math.Floor(n)
            ? Apply(new JsonPathArrayIndexSubscript((long)n), current, current)
            : [];
    }

    private static IEnumerable<JsonNode?> Call(JsonPathCallableSubscript callable, JsonNode? root, JsonNode? current)
    {
        var arguments = callable.Arguments.Select(argument => Values(argument, root, current).FirstOrDefault()).ToList();
        switch (callable.Name, current)
        {
            case ("length", JsonArray a):
                return [a.Count];
            case ("length", JsonObject o):
                return [o.Count];
            case ("length", JsonValue v) when PythonValue.AsString(v) is { } s:
                return [s.Length];
            case ("keys", JsonObject o):
                return [new JsonArray(o.Select(pair => (JsonNode?)JsonValue.Create(pair.Key)).ToArray())];
            case ("values", JsonObject o):
                return [new JsonArray(o.Select(pair => pair.Value?.DeepClone()).ToArray())];
            case ("entries", JsonObject o):
                return [new JsonArray(o.Select(pair => (JsonNode?)new JsonArray(JsonValue.Create(pair.Key), pair.Value?.DeepClone())).ToArray())];
            case ("charAt", JsonValue v) when PythonValue.AsString(v) is { } s && Index(arguments, 0) is { } i && Normalize(i, s.Length) is { } at:
                return [s[at].ToString()];
            case ("substring", JsonValue v) when PythonValue.AsString(v) is { } s && Index(arguments, 0) is { } from:
                var start = (int)Math.Clamp(from < 0 ? from + s.Length : from, 0, s.Length);
                var end = arguments.Count > 1 && Index(arguments, 1) is { } to ? (int)Math.Clamp(to < 0 ? to + s.Length : to, 0, s.Length) : s.Length;
                return [end > start ? s[start..end] : string.Empty];
            default:
                return [];
        }
    }

    private static long? Index(List<JsonNode?> arguments, int position) =>
        position < arguments.Count && PythonValue.AsNumber(arguments[position]) is { } n ? (long)n : null;

    private static IEnumerable<JsonNode?> Values(JsonPathOperand operand, JsonNode? root, JsonNode? current) => operand switch
    {
        JsonPathPathOperand path => Match(path.Path, root, current),
        JsonPathLiteralOperand literal => [literal.Value],
        _ => [],
    };

    private static bool Holds(JsonPathExpression expression, JsonNode? root, JsonNode? current) => expression switch
    {
        JsonPathAndExpression and => and.Expressions.All(e => Holds(e, root, current)),
        JsonPathOrExpression or => or.Expressions.Any(e => Holds(e, root, current)),
        JsonPathNotExpression not => !Holds(not.Expression, root, current),
        JsonPathSomeExpression some => some.Operand is JsonPathLiteralOperand literal
            ? PythonValue.IsTruthy(literal.Value)
            : Values(some.Operand, root, current).Any(),
        JsonPathComparisonExpression comparison => Values(comparison.Left, root, current).ToList() is var left
            && Values(comparison.Right, root, current).ToList() is var right
            && left.Any(l => right.Any(r => Compare(l, comparison.Operator, r))),
        _ => false,
    };

    // Python's operators; an ordering between values Python cannot order (a TypeError there) is false.
    private static bool Compare(JsonNode? left, JsonPathComparison op, JsonNode? right) => op switch
    {
        JsonPathComparison.Equal => PythonComparison.AreEqual(left, right),
        JsonPathComparison.NotEqual => !PythonComparison.AreEqual(left, right),
        JsonPathComparison.LessThan => PythonComparison.LessOrEqual(left, right) == true && !PythonComparison.AreEqual(left, right),
        JsonPathComparison.LessThanOrEqual => PythonComparison.LessOrEqual(left, right) == true,
        JsonPathComparison.GreaterThan => PythonComparison.LessOrEqual(right, left) == true && !PythonComparison.AreEqual(left, right),
        JsonPathComparison.GreaterThanOrEqual => PythonComparison.LessOrEqual(right, left) == true,
        _ => false,
    };
}
