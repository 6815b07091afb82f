using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Experiments.Tolerances;
using static ChaosPixie.Engine.Experiments.Validation.PythonValue;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// Upstream's `ensure_hypothesis_tolerance_is_valid` (type, regex, jsonpath, range, probe), then ChaosPixie's
/// checks for the tolerances on which `chaos run` crashes: a regex or range tolerance without `target` on the
/// output of a process or http probe (a mapping), and a probe tolerance whose provider has no `arguments`.
/// </summary>
internal static class ToleranceValidator
{
    private const string TypeMessage =
        "hypothesis probe tolerance must either be an integer, a string, a boolean or a pair of values for boundaries. "
        + "It can also be a dictionary which is a probe activity definition that takes an argument called `value` with "
        + "the value of the probe itself to be validated";

    public static bool Validate(JsonObject probe, JsonNode? tolerance, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var isAccepted = IsInteger(tolerance) || IsString(tolerance) || tolerance is JsonArray or JsonObject;
        if (!isAccepted)
        {
            return problems.Upstream(TypeMessage, path);
        }

        if (tolerance is not JsonObject definition)
        {
            return true;
        }

        var type = definition["type"];
        var valid = AsString(type) switch
        {
            "probe" => ActivityValidator.Validate(definition, path, options, problems) && ValidateProbeArguments(definition, path, problems),
            "regex" => ValidateRegex(definition, path, problems),
            "jsonpath" => ValidateJsonPath(definition, path, problems),
            "range" => ValidateRange(definition, path, problems),
            _ => problems.Upstream($"hypothesis probe tolerance type '{ValueExcerpt.Of(type)}' is unsupported", DocumentPath.Child(path, "type")),
        };
        return valid && ValidateTarget(probe, definition, AsString(type)!, path, problems);
    }

    private static bool ValidateRegex(JsonObject tolerance, string path, ProblemList problems)
    {
        var patternPath = DocumentPath.Child(path, "pattern");
        if (!tolerance.TryGetPropertyValue("pattern", out var pattern))
        {
            return problems.Upstream("hypothesis regex probe tolerance must have a `pattern` key", path);
        }

        if (!IsString(pattern))
        {
            return problems.Upstream($"hypothesis probe tolerance pattern {ValueExcerpt.Of(pattern)} has an invalid type", patternPath);
        }

        try
        {
            PythonRegex.Compile(AsString(pattern)!);
            return true;
        }
        catch (FormatException e)
        {
            return problems.Upstream($"hypothesis probe tolerance pattern {ValueExcerpt.Of(AsString(pattern))} seems invalid: {e.Message}", patternPath);
        }
    }

    private static bool ValidateJsonPath(JsonObject tolerance, string path, ProblemList problems)
    {
        var pathPath = DocumentPath.Child(path, "path");
        if (!tolerance.TryGetPropertyValue("path", out var jsonPath))
        {
            return problems.Upstream("hypothesis jsonpath probe tolerance must have a `path` key", path);
        }

        if (!IsString(jsonPath))
        {
            return problems.Ours($"hypothesis probe tolerance JSON path must be a string, not a {ExperimentLoader.Describe(jsonPath)}", pathPath);
        }

        // Python's str.strip(): surrounding whitespace is ignored.
        var text = AsString(jsonPath)!.Trim();
        if (text.Length == 0)
        {
            return problems.Upstream("hypothesis probe tolerance JSON path cannot be empty", pathPath);
        }

        return JsonPathParser.TryParse(text, out _, out _)
            || problems.Upstream($"hypothesis probe tolerance JSON path {ValueExcerpt.Of(text)} is invalid", pathPath);
    }

    private static bool ValidateRange(JsonObject tolerance, string path, ProblemList problems)
    {
        var rangePath = DocumentPath.Child(path, "range");
        if (!tolerance.TryGetPropertyValue("range", out var range))
        {
            return problems.Upstream("hypothesis range probe tolerance must have a `range` key", path);
        }

        if (range is not JsonArray bounds)
        {
            return problems.Upstream("hypothesis range must be a sequence", rangePath);
        }

        if (bounds.Count != 2)
        {
            return problems.Upstream("hypothesis range sequence must be made of two values", rangePath);
        }

        if (!IsNumber(bounds[0]))
        {
            return problems.Upstream("hypothesis range lower boundary must be a number", DocumentPath.Index(rangePath, 0));
        }

        return IsNumber(bounds[1]) || problems.Upstream("hypothesis range upper boundary must be a number", DocumentPath.Index(rangePath, 1));
    }

    // Upstream sets provider.arguments.value before calling the probe: without `arguments` it crashes (lib #98).
    private static bool ValidateProbeArguments(JsonObject tolerance, string path, ProblemList problems) =>
        tolerance["provider"] is not JsonObject provider || provider["type"] is null || provider["arguments"] is JsonObject
        || problems.Ours(
            "a probe tolerance's provider must have `arguments` (a mapping, even empty): the probe's output is passed to it as the argument `value`",
            DocumentPath.Child(DocumentPath.Child(path, "provider"), "arguments"));

    private static bool ValidateTarget(JsonObject probe, JsonObject tolerance, string type, string path, ProblemList problems)
    {
        if (type is not ("regex" or "range") || tolerance["target"] is not null)
        {
            return true;
        }

        var providerType = AsString((probe["provider"] as JsonObject)?["type"]);
        if (providerType is not ("process" or "http"))
        {
            return true;
        }

        var targets = providerType == "process" ? "stdout, stderr or status" : "body, status or headers";
        return problems.Ours(
            $"a {ValueExcerpt.Of(type)} tolerance on the output of a {ValueExcerpt.Of(providerType)} probe needs a `target` ({targets}): the output is a mapping, on which chaos run crashes without writing a journal",
            DocumentPath.Child(path, "target"));
    }
}
