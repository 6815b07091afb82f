using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// Parses the jsonpath2 dialect that chaostoolkit's `jsonpath` tolerance uses (its ANTLR grammar, rule for rule):
/// a path starts with `$`; `.name`, `..name`, `[0]`, `[-1]`, `[0:2]`, `["name"]`, `*`, filters `[?(...)]` with
/// `=`, `!=`, `&lt;`, `&lt;=`, `&gt;`, `&gt;=`, `and`, `or` (which binds tighter than `and`), `not`, JSON literals,
/// and the callables `length()`, `keys()`, `values()`, `entries()`, `charAt(i)`, `substring(i[, j])`.
/// Anything else is a <see cref="FormatException"/>, exactly where jsonpath2 raises `ValueError`.
/// </summary>
public sealed class JsonPathParser
{
    private static readonly HashSet<string> Callables = new(StringComparer.Ordinal) { "charAt", "entries", "keys", "length", "substring", "values" };

    private readonly List<JsonPathToken> _tokens;
    private int _next;

    private JsonPathParser(List<JsonPathToken> tokens) => _tokens = tokens;

    private JsonPathToken Peek => _tokens[_next];

    /// <summary>Parses a whole path (`$...`); throws <see cref="FormatException"/> with ANTLR-style `line 1:column` details.</summary>
    public static JsonPathRootNode Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tokens = JsonPathLexer.Tokenize(path);
        CheckNesting(tokens);
        var parser = new JsonPathParser(tokens);
        parser.Expect(JsonPathTokenKind.Root);
        var next = parser.OptionalSubscript();
        parser.Expect(JsonPathTokenKind.End);
        return new JsonPathRootNode(next);
    }

    /// <summary>True when <paramref name="path"/> parses; otherwise <paramref name="error"/> says where and why.</summary>
    public static bool TryParse(string path, out JsonPathRootNode? root, out string? error)
    {
        try
        {
            root = Parse(path);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            root = null;
            error = e.Message;
            return false;
        }
    }

    // The parser (and the evaluator) go one level deeper for each segment, bracket, parenthesis or `not`: their
    // number is held to the document depth limit before parsing, so no path can exhaust the stack.
    private static void CheckNesting(List<JsonPathToken> tokens)
    {
        var nesting = 0;
        foreach (var token in tokens)
        {
            if (token.Kind is JsonPathTokenKind.Dot or JsonPathTokenKind.RecursiveDescent or JsonPathTokenKind.BracketLeft
                or JsonPathTokenKind.BraceLeft or JsonPathTokenKind.ParenLeft or JsonPathTokenKind.Not
                && ++nesting > Loading.DocumentLimits.MaxDepth)
            {
                throw Error(token.Position, $"the path has more than {Loading.DocumentLimits.MaxDepth} segments, brackets, parentheses and `not`s, which is the limit");
            }
        }
    }

    internal static FormatException Error(int position, string message) => new($"line 1:{position} {message}");

    private JsonPathToken Expect(JsonPathTokenKind kind)
    {
        var token = Peek;
        if (token.Kind != kind)
        {
            throw Unexpected(token);
        }

        _next++;
        return token;
    }

    private bool Accept(JsonPathTokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            return false;
        }

        _next++;
        return true;
    }

    private static FormatException Unexpected(JsonPathToken token) => Error(token.Position, $"mismatched input '{token.Text}'");

    // subscript? : continues while the next token can start a subscript.
    private JsonPathNode OptionalSubscript() =>
        Peek.Kind is JsonPathTokenKind.RecursiveDescent or JsonPathTokenKind.Dot or JsonPathTokenKind.BracketLeft
            ? Subscript()
            : JsonPathTerminalNode.Instance;

    private JsonPathNode Subscript()
    {
        if (Accept(JsonPathTokenKind.RecursiveDescent))
        {
            var subscripts = Peek.Kind == JsonPathTokenKind.BracketLeft ? Subscriptables() : [Bareword()];
            return new JsonPathRecursiveDescentNode(new JsonPathSubscriptNode(OptionalSubscript(), subscripts));
        }

        if (Accept(JsonPathTokenKind.Dot))
        {
            var bareword = Bareword();
            return new JsonPathSubscriptNode(OptionalSubscript(), [bareword]);
        }

        var list = Subscriptables();
        return new JsonPathSubscriptNode(OptionalSubscript(), list);
    }

    private JsonPathSubscript Bareword()
    {
        if (Accept(JsonPathTokenKind.Star))
        {
            return JsonPathWildcardSubscript.Instance;
        }

        var id = Expect(JsonPathTokenKind.Id);
        return Peek.Kind == JsonPathTokenKind.ParenLeft ? Callable(id) : new JsonPathObjectIndexSubscript(id.Text);
    }

    private List<JsonPathSubscript> Subscriptables()
    {
        Expect(JsonPathTokenKind.BracketLeft);
        var list = new List<JsonPathSubscript> { Subscriptable() };
        while (Accept(JsonPathTokenKind.Comma))
        {
            list.Add(Subscriptable());
        }

        Expect(JsonPathTokenKind.BracketRight);
        return list;
    }

    private JsonPathSubscript Subscriptable()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case JsonPathTokenKind.String:
                _next++;
                return new JsonPathObjectIndexSubscript(token.Text[1..^1]);
            case JsonPathTokenKind.Number:
                _next++;
                var index = Integer(token);
                return Peek.Kind == JsonPathTokenKind.Colon ? Slice(index) : new JsonPathArrayIndexSubscript(index);
            case JsonPathTokenKind.Colon:
                return Slice(null);
            case JsonPathTokenKind.Star:
                _next++;
                return JsonPathWildcardSubscript.Instance;
            case JsonPathTokenKind.Question:
                _next++;
                Expect(JsonPathTokenKind.ParenLeft);
                var expression = Expression();
                Expect(JsonPathTokenKind.ParenRight);
                return new JsonPathFilterSubscript(expression);
            case JsonPathTokenKind.Root or JsonPathTokenKind.Current:
                return new JsonPathNodeSubscript(PathOperand());
            case JsonPathTokenKind.Id:
                _next++;
                if (Peek.Kind != JsonPathTokenKind.ParenLeft)
                {
                    throw Unexpected(Peek);
                }

                return Callable(token);
            default:
                throw Unexpected(token);
        }
    }

    // sliceable : ':' NUMBER? (':' NUMBER?)?  (each number must be an integer).
    private JsonPathArraySliceSubscript Slice(long? start)
    {
        Expect(JsonPathTokenKind.Colon);
        long? end = Peek.Kind == JsonPathTokenKind.Number ? Integer(_tokens[_next++]) : null;
        long? step = null;
        if (Accept(JsonPathTokenKind.Colon))
        {
            step = Peek.Kind == JsonPathTokenKind.Number ? Integer(_tokens[_next++]) : null;
        }

        return new JsonPathArraySliceSubscript(start, end, step);
    }

    // jsonpath2's `tryCast(int)` predicate: `1.5` and `1e3` are numbers but not indexes.
    private static long Integer(JsonPathToken token) =>
        long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(token.Position, $"rule subscriptable failed predicate: {{self.tryCast(int)}}? at '{token.Text}'");

    private JsonPathCallableSubscript Callable(JsonPathToken name)
    {
        Expect(JsonPathTokenKind.ParenLeft);
        var arguments = new List<JsonPathOperand>();
        if (!Accept(JsonPathTokenKind.ParenRight))
        {
            arguments.Add(Operand());
            while (Accept(JsonPathTokenKind.Comma))
            {
                arguments.Add(Operand());
            }

            Expect(JsonPathTokenKind.ParenRight);
        }

        return Callables.Contains(name.Text)
            ? new JsonPathCallableSubscript(name.Text, arguments)
            : throw Error(name.Position, $"callable subscript '{name.Text}' not found");
    }

    // jsonpath_ : ('$' | '@') subscript?
    private JsonPathNode PathOperand()
    {
        var token = _tokens[_next++];
        var next = OptionalSubscript();
        return token.Kind == JsonPathTokenKind.Root ? new JsonPathRootNode(next) : new JsonPathCurrentNode(next);
    }

    // jsonpath__ : jsonpath_ | value
    private JsonPathOperand Operand() =>
        Peek.Kind is JsonPathTokenKind.Root or JsonPathTokenKind.Current
            ? new JsonPathPathOperand(PathOperand())
            : new JsonPathLiteralOperand(Value());

    // andExpression : orExpression (AND andExpression)?   (so `or` binds tighter than `and`, as in jsonpath2)
    private JsonPathExpression Expression()
    {
        var parts = new List<JsonPathExpression> { OrExpression() };
        while (Accept(JsonPathTokenKind.And))
        {
            parts.Add(OrExpression());
        }

        return parts.Count == 1 ? parts[0] : new JsonPathAndExpression(parts);
    }

    private JsonPathExpression OrExpression()
    {
        var parts = new List<JsonPathExpression> { NotExpression() };
        while (Accept(JsonPathTokenKind.Or))
        {
            parts.Add(NotExpression());
        }

        return parts.Count == 1 ? parts[0] : new JsonPathOrExpression(parts);
    }

    private JsonPathExpression NotExpression()
    {
        if (Accept(JsonPathTokenKind.Not))
        {
            return new JsonPathNotExpression(NotExpression());
        }

        if (Accept(JsonPathTokenKind.ParenLeft))
        {
            var inner = Expression();
            Expect(JsonPathTokenKind.ParenRight);
            return inner;
        }

        var left = Operand();
        JsonPathComparison? comparison = Peek.Kind switch
        {
            JsonPathTokenKind.Equal => JsonPathComparison.Equal,
            JsonPathTokenKind.NotEqual => JsonPathComparison.NotEqual,
            JsonPathTokenKind.Less => JsonPathComparison.LessThan,
            JsonPathTokenKind.LessOrEqual => JsonPathComparison.LessThanOrEqual,
            JsonPathTokenKind.Greater => JsonPathComparison.GreaterThan,
            JsonPathTokenKind.GreaterOrEqual => JsonPathComparison.GreaterThanOrEqual,
            _ => null,
        };
        if (comparison is null)
        {
            return new JsonPathSomeExpression(left);
        }

        _next++;
        return new JsonPathComparisonExpression(left, comparison.Value, Operand());
    }

    private JsonNode? Value()
    {
        var token = _tokens[_next++];
        switch (token.Kind)
        {
            case JsonPathTokenKind.String:
                return JsonValue.Create(token.Text[1..^1]);
            case JsonPathTokenKind.Number:
                return JsonNode.Parse(token.Text);
            case JsonPathTokenKind.True:
                return JsonValue.Create(true);
            case JsonPathTokenKind.False:
                return JsonValue.Create(false);
            case JsonPathTokenKind.Null:
                return null;
            case JsonPathTokenKind.BraceLeft:
                var obj = new JsonObject();
                if (Accept(JsonPathTokenKind.BraceRight))
                {
                    return obj;
                }

                do
                {
                    var key = Expect(JsonPathTokenKind.String);
                    Expect(JsonPathTokenKind.Colon);
                    obj[key.Text[1..^1]] = Value();
                }
                while (Accept(JsonPathTokenKind.Comma));
                Expect(JsonPathTokenKind.BraceRight);
                return obj;
            case JsonPathTokenKind.BracketLeft:
                var array = new JsonArray();
                if (Accept(JsonPathTokenKind.BracketRight))
                {
                    return array;
                }

                do
                {
                    array.Add(Value());
                }
                while (Accept(JsonPathTokenKind.Comma));
                Expect(JsonPathTokenKind.BracketRight);
                return array;
            default:
                throw Unexpected(token);
        }
    }
}
