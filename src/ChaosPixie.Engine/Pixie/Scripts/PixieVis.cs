using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// What ChaosPixie reads of a script's vis.json (Pixie's px.vispb.Vis): its variables, the global functions and the
/// widgets that call a function. Layout and display specs are skipped. Pixie reads the file with protobuf's JSON
/// rules, which accept a field's lowerCamelCase and proto names (defaultValue and default_value) and enums by name or
/// number; so does this.
/// </summary>
public sealed class PixieVis
{
    // PXType numbers, for a vis.json that writes the enum as a number.
    private static readonly Dictionary<int, string> TypeNames = new()
    {
        [0] = "PX_UNKNOWN",
        [1] = "PX_BOOLEAN",
        [2] = "PX_INT64",
        [3] = "PX_FLOAT64",
        [4] = "PX_STRING",
        [1000] = "PX_SERVICE",
        [1001] = "PX_POD",
        [1002] = "PX_CONTAINER",
        [1003] = "PX_NAMESPACE",
        [1004] = "PX_NODE",
        [2000] = "PX_LIST",
        [2001] = "PX_STRING_LIST",
    };

    private PixieVis(IReadOnlyList<PixieScriptVariable> variables, IReadOnlyList<PixieVisCall> calls)
    {
        Variables = variables;
        Calls = calls;
    }

    public IReadOnlyList<PixieScriptVariable> Variables { get; }

    /// <summary>The functions px run calls: the global functions, then the widgets with a function of their own, in file order.</summary>
    public IReadOnlyList<PixieVisCall> Calls { get; }

    /// <summary>Parses vis.json text; <paramref name="source"/> names it in errors.</summary>
    public static PixieVis Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, "it is not a JSON object");
            }

            var variables = Array(root, "variables").Select(v => Variable(v, source)).ToArray();
            var duplicate = variables.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw Invalid(source, $"the variable '{duplicate.Key}' is declared twice");
            }

            var calls = new List<PixieVisCall>();
            foreach (var global in Array(root, "globalFuncs", "global_funcs"))
            {
                calls.Add(new PixieVisCall(OutputName(Text(global, "outputName", "output_name")), Function(global, source)));
            }

            foreach (var widget in Array(root, "widgets"))
            {
                // A widget that shows a global function's table calls nothing itself.
                if (Property(widget, "func") is not null)
                {
                    calls.Add(new PixieVisCall(OutputName(Text(widget, "name")), Function(widget, source)));
                }
            }

            return new PixieVis(variables, calls);
        }
        catch (JsonException e)
        {
            throw Invalid(source, e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // A field of the wrong JSON kind (a number where text belongs).
            throw Invalid(source, e.Message, e);
        }
    }

    // px run names an unnamed output 'widget'.
    private static string OutputName(string? name) => string.IsNullOrEmpty(name) ? "widget" : name;

    private static PixieScriptVariable Variable(JsonElement variable, string source)
    {
        var name = Text(variable, "name");
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid(source, "a variable has no name");
        }

        var type = Property(variable, "type") switch
        {
            { ValueKind: JsonValueKind.Number } number => TypeNames.GetValueOrDefault(number.GetInt32(), $"PX_TYPE_{number.GetInt32()}"),
            { ValueKind: JsonValueKind.String } text => text.GetString()!,
            _ => "PX_UNKNOWN",
        };
        var validValues = Array(variable, "validValues", "valid_values").Select(v => v.GetString() ?? string.Empty).ToArray();
        return new PixieScriptVariable(name, type, Text(variable, "defaultValue", "default_value"), Text(variable, "description") ?? string.Empty, validValues);
    }

    private static PixieFunction Function(JsonElement owner, string source)
    {
        var function = Property(owner, "func")!.Value;
        var name = Text(function, "name");
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid(source, "a function has no name");
        }

        var arguments = Array(function, "args")
            .Select(a => new PixieFunctionArgument(Text(a, "name") ?? string.Empty, Text(a, "value"), Text(a, "variable")))
            .ToArray();
        return new PixieFunction(name, arguments);
    }

    private static JsonElement? Property(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, params string[] names) => Property(element, names)?.GetString();

    private static IEnumerable<JsonElement> Array(JsonElement element, params string[] names) =>
        Property(element, names) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    private static PixieScriptException Invalid(string source, string why, Exception? inner = null) =>
        new(PixieScriptErrorKind.BundleInvalid, $"Cannot read the vis.json of {source}: {why}.", "Fix the vis.json (Pixie's px.vispb.Vis as JSON: variables, globalFuncs, widgets).", inner) { Target = source };
}

/// <summary>A function call of a vis.json and the table name(s) it produces (its output name or widget name).</summary>
public sealed record PixieVisCall(string OutputName, PixieFunction Function);

/// <summary>A PxL function and its arguments as vis.json gives them.</summary>
public sealed record PixieFunction(string Name, IReadOnlyList<PixieFunctionArgument> Arguments);

/// <summary>One argument: a fixed value, or the value of a script variable (the names may differ).</summary>
public sealed record PixieFunctionArgument(string Name, string? Value, string? Variable);
