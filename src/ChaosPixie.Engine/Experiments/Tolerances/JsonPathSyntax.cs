using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Tolerances;

// The syntax tree of a jsonpath2 path, shaped as jsonpath2's own node, subscript and expression objects so that
// an evaluator can follow jsonpath2's semantics one class at a time. Built by JsonPathParser.

/// <summary>A step of a path: each node applies itself to the current values and hands the results to <c>Next</c>.</summary>
public abstract record JsonPathNode;

/// <summary>`$`: starts from the root value.</summary>
public sealed record JsonPathRootNode(JsonPathNode Next) : JsonPathNode;

/// <summary>`@`: starts from the value a filter is testing.</summary>
public sealed record JsonPathCurrentNode(JsonPathNode Next) : JsonPathNode;

/// <summary>The end of a path: yields the current value.</summary>
public sealed record JsonPathTerminalNode : JsonPathNode
{
    public static JsonPathTerminalNode Instance { get; } = new();
}

/// <summary>`.name`, `[...]`: applies every subscript to the current value, then <c>Next</c> to each match.</summary>
public sealed record JsonPathSubscriptNode(JsonPathNode Next, IReadOnlyList<JsonPathSubscript> Subscripts) : JsonPathNode;

/// <summary>`..`: applies <c>Next</c> (a subscript node) to the current value and to every value below it.</summary>
public sealed record JsonPathRecursiveDescentNode(JsonPathNode Next) : JsonPathNode;

/// <summary>One subscript inside `[...]` (or after `.`).</summary>
public abstract record JsonPathSubscript;

/// <summary>`.name` or `["name"]`. The bracket form keeps the text between the quotes as written (jsonpath2 does not unescape it).</summary>
public sealed record JsonPathObjectIndexSubscript(string Name) : JsonPathSubscript;

/// <summary>`[2]`, `[-1]`.</summary>
public sealed record JsonPathArrayIndexSubscript(long Index) : JsonPathSubscript;

/// <summary>`[start:end:step]`, each part optional.</summary>
public sealed record JsonPathArraySliceSubscript(long? Start, long? End, long? Step) : JsonPathSubscript;

/// <summary>`*`: every item of a list or value of an object.</summary>
public sealed record JsonPathWildcardSubscript : JsonPathSubscript
{
    public static JsonPathWildcardSubscript Instance { get; } = new();
}

/// <summary>`[?(expression)]`: the current value itself when the expression holds for it (it does not iterate children).</summary>
public sealed record JsonPathFilterSubscript(JsonPathExpression Expression) : JsonPathSubscript;

/// <summary>`[$.path]` or `[@.path]`: the values of the path, used as indexes or names.</summary>
public sealed record JsonPathNodeSubscript(JsonPathNode Node) : JsonPathSubscript;

/// <summary>`length()`, `keys()`, `values()`, `entries()`, `charAt(i)`, `substring(i[, j])`.</summary>
public sealed record JsonPathCallableSubscript(string Name, IReadOnlyList<JsonPathOperand> Arguments) : JsonPathSubscript;

/// <summary>A filter expression.</summary>
public abstract record JsonPathExpression;

/// <summary>`a and b and ...`.</summary>
public sealed record JsonPathAndExpression(IReadOnlyList<JsonPathExpression> Expressions) : JsonPathExpression;

/// <summary>`a or b or ...`.</summary>
public sealed record JsonPathOrExpression(IReadOnlyList<JsonPathExpression> Expressions) : JsonPathExpression;

/// <summary>`not a`.</summary>
public sealed record JsonPathNotExpression(JsonPathExpression Expression) : JsonPathExpression;

/// <summary>`left op right` with `=`, `!=`, `&lt;`, `&lt;=`, `&gt;`, `&gt;=`.</summary>
public sealed record JsonPathComparisonExpression(JsonPathOperand Left, JsonPathComparison Operator, JsonPathOperand Right) : JsonPathExpression;

/// <summary>A lone operand: true when the path matches something (or the literal is given).</summary>
public sealed record JsonPathSomeExpression(JsonPathOperand Operand) : JsonPathExpression;

/// <summary>The comparison operators of the dialect (note `=`, not `==`).</summary>
public enum JsonPathComparison
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

/// <summary>An operand of a comparison or a callable: a path or a JSON literal.</summary>
public abstract record JsonPathOperand;

/// <summary>A path operand (`@.price`, `$.limit`).</summary>
public sealed record JsonPathPathOperand(JsonPathNode Path) : JsonPathOperand;

/// <summary>A JSON literal operand; strings hold the text between the quotes as written.</summary>
public sealed record JsonPathLiteralOperand(JsonNode? Value) : JsonPathOperand;
