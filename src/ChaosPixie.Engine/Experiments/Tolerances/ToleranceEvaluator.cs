using System.Globalization;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Providers;

using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Tolerances;

/// <summary>
/// Upstream's <c>within_tolerance</c> (spec 4): the JSON type of the tolerance picks the check; process and http
/// outputs are judged on their <c>status</c> by int and list tolerances, and through <c>target</c> by the others.
/// </summary>
public sealed class ToleranceEvaluator
{
    private readonly Func<JsonNode?, JsonNode?> _substitute;
    private readonly Func<JsonObject, JsonNode?> _runProbe;

    /// <param name="substitute">The experiment's <c>${}</c> substitution.</param>
    /// <param name="runProbe">Runs a probe tolerance's provider definition (already given its <c>value</c> argument).</param>
    public ToleranceEvaluator(Func<JsonNode?, JsonNode?> substitute, Func<JsonObject, JsonNode?> runProbe)
    {
        _substitute = substitute;
        _runProbe = runProbe;
    }

    /// <summary>
    /// Whether the output is within the tolerance, with the measured result when a probe tolerance gave one. Rows a
    /// probe spilled to a file (<see cref="SpilledRows"/>) are streamed by chaospixie's tolerances and read whole,
    /// into memory, by every other kind.
    /// </summary>
    public ToleranceOutcome Evaluate(JsonNode? tolerance, JsonNode? output) =>
        tolerance is JsonObject definition && PythonValue.AsString(definition["type"]) == "probe"
            ? ProbeIsMet(definition, output)
            : EvaluateWhole(tolerance, SpilledRows.Whole(output));

    private ToleranceOutcome EvaluateWhole(JsonNode? tolerance, JsonNode? output)
    {
        switch (tolerance)
        {
            case JsonArray list:
                return ListIsMet(list, output);
            case JsonObject definition:
                return DefinitionIsMet(definition, output);
            case JsonValue value when value.TryGetValue(out string? _):
                // A string tolerance is substituted first; the lone "${k}" form may turn it into an int, bool or list.
                var substituted = _substitute(value);
                return substituted is JsonValue text && text.TryGetValue(out string? _)
                    ? PythonValues.AreEqual(output, substituted)
                    : EvaluateWhole(substituted, output);
            case JsonValue value when PythonValue.IsBool(value):
                return PythonValues.AreEqual(output, value);
            default:
                var subject = output is JsonObject obj && obj.ContainsKey("status") ? obj["status"] : output;
                return PythonValues.AreEqual(subject, tolerance);
        }
    }

    private static bool ListIsMet(JsonArray list, JsonNode? output)
    {
        if (output is JsonObject obj && obj.ContainsKey("status"))
        {
            // Quirk kept: a 2-item list is a membership test on status, not a range.
            return list.Any(item => PythonValues.AreEqual(item, obj["status"]));
        }

        if (list.Count == 2)
        {
            return PythonValues.LessOrEqual(list[0], output) == true && PythonValues.LessOrEqual(output, list[1]) == true;
        }

        return list.Any(item => PythonValues.AreEqual(item, output));
    }

    private ToleranceOutcome DefinitionIsMet(JsonObject definition, JsonNode? output)
    {
        var type = PythonValue.AsString(definition["type"]);
        return type switch
        {
            "regex" => RegexIsMet(definition, output),
            "jsonpath" => JsonPathTolerance.IsMet(definition, Target(definition, output), _substitute),
            "range" => RangeIsMet(definition, output),
            "probe" => ProbeIsMet(definition, output),
            _ => throw new InvalidOperationException($"hypothesis probe tolerance type '{type}' is unsupported"),
        };
    }

    /// <summary><c>output.get(target, output)</c>: a missing key falls back to the whole output.</summary>
    public static JsonNode? Target(JsonObject definition, JsonNode? output) =>
        PythonValue.AsString(definition["target"]) is { } target && output is JsonObject obj && obj.TryGetPropertyValue(target, out var selected)
            ? selected
            : output;

    private bool RegexIsMet(JsonObject definition, JsonNode? output)
    {
        var pattern = PythonValue.AsString(_substitute(definition["pattern"])) ?? string.Empty;
        // Upstream raises a TypeError for a non-text value; validation rejects the static cases, the rest is not met.
        return PythonValue.AsString(Target(definition, output)) is { } value
            && PythonRegex.Compile(pattern).IsMatch(value);
    }

    private static bool RangeIsMet(JsonObject definition, JsonNode? output)
    {
        if (definition["range"] is not JsonArray { Count: 2 } bounds
            || PythonValues.AsNumber(bounds[0]) is not { } low
            || PythonValues.AsNumber(bounds[1]) is not { } high)
        {
            return false;
        }

        var value = Target(definition, output);
        var number = PythonValue.AsString(value) is { } text
            ? double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null
            : PythonValues.AsNumber(value);
        return number is { } n && low <= n && n <= high;
    }

    // Unlike upstream, the output goes into a copy: the experiment (and so the journal) is not mutated (issue 4, point 5).
    private ToleranceOutcome ProbeIsMet(JsonObject definition, JsonNode? output)
    {
        if (definition["provider"]?.DeepClone() is not JsonObject provider)
        {
            return false;
        }

        if (provider["arguments"] is not JsonObject arguments)
        {
            arguments = [];
            provider["arguments"] = arguments;
        }

        // chaospixie's tolerances (the python provider) stream spilled rows from their file; other providers get them all.
        arguments["value"] = SpilledRows.From(output) is not { } rows ? output?.DeepClone()
            : PythonValue.AsString(provider["type"]) == "python" ? rows.ToNode()
            : rows.ReadAll();
        try
        {
            // A chaospixie tolerance or Test-PercentileBelow -Detailed returns a measured result: judged by its 'passed'.
            var result = _runProbe(provider);
            return ToleranceJson.AsResult(result) is { } measured
                ? new ToleranceOutcome(measured["passed"]!.GetValue<bool>(), measured)
                : PythonValue.IsTruthy(result);
        }
        catch (ActivityFailedException e)
        {
            // Not met, as upstream; the reason goes to the log, where upstream says nothing.
            return new ToleranceOutcome(false, Failure: e.Message);
        }
    }
}
