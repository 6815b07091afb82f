using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Journal;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers.Bridge;
using ChaosPixie.Engine.Experiments.Providers.ChaosPixie;
using ChaosPixie.Engine.Experiments.Settings;
using ChaosPixie.Engine.Experiments.Tolerances;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// The <c>python</c> provider. chaostoolkit-pixie's two modules run natively: <c>chaospixie.probes</c> runs a PxL
/// script and returns one table's rows, <c>chaospixie.tolerances</c> judges them (the percentile tolerances), reading
/// spilled rows from their file. Every other module runs through the run's <see cref="PythonBridge"/>, which imports
/// it as <c>chaos</c> would. As upstream's python provider, any failure of the function is an ActivityFailed
/// "<c>Type: message</c>".
/// </summary>
internal sealed class PythonProvider : IProviderType
{
    public string Name => "python";

    public bool StreamsSpilledRows => true;

    public bool Validate(JsonObject activity, JsonObject provider, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var name = PythonText.Str(activity["name"]);
        var module = provider["module"];
        if (!PythonValue.IsTruthy(module))
        {
            return problems.Upstream("a Python activity must have a module path", DocumentPath.Child(path, "module"));
        }

        var function = provider["func"];
        if (!PythonValue.IsTruthy(function))
        {
            return problems.Upstream("a Python activity must have a function name", DocumentPath.Child(path, "func"));
        }

        var moduleName = PythonText.Str(module);
        var functionName = PythonText.Str(function);
        var argumentsPath = DocumentPath.Child(path, "arguments");
        var argumentsNode = provider["arguments"];
        if (ChaosPixieFunctions.IsKnownModule(moduleName))
        {
            var signature = ChaosPixieFunctions.Signature(moduleName, functionName);
            if (signature is null)
            {
                return NoFunction(activity, moduleName, functionName, path, problems);
            }

            if (argumentsNode is not null and not JsonObject)
            {
                return NotMapping(argumentsNode, argumentsPath, problems);
            }

            // inspect.signature(f).bind(**arguments): the first missing parameter, then the first unexpected argument.
            var arguments = argumentsNode as JsonObject ?? [];
            var missing = signature.FirstOrDefault(p => p.IsRequired && !arguments.ContainsKey(p.Name));
            if (missing is not null)
            {
                return Missing(missing.Name, functionName, argumentsPath, problems);
            }

            if (arguments.Select(a => a.Key).FirstOrDefault(k => signature.All(p => p.Name != k)) is { } unexpected)
            {
                return Unexpected(unexpected, functionName, argumentsPath, problems);
            }

            // ChaosPixie's per-group arguments of the percentile tolerances.
            return moduleName != ChaosPixieFunctions.Tolerances || GroupArguments.TryParse(arguments, out _, out var key, out var problem)
                || problems.Ours(problem!, DocumentPath.Child(argumentsPath, key!));
        }

        if (argumentsNode is not null and not JsonObject)
        {
            return NotMapping(argumentsNode, argumentsPath, problems);
        }

        return ValidateThroughBridge(activity, moduleName, functionName, argumentsNode as JsonObject, path, options, problems);
    }

    // chaos validate imports the module, looks the function up and binds the (unsubstituted) arguments to it.
    private static bool ValidateThroughBridge(JsonObject activity, string module, string function, JsonObject? arguments, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var python = options.Python;
        var cancellationToken = options.Cancellation;
        var name = PythonText.Str(activity["name"]);
        var notFound = $"could not find Python module '{ValueExcerpt.Of(module)}' in activity '{ValueExcerpt.Of(name)}'";
        var modulePath = DocumentPath.Child(path, "module");
        if (python is null)
        {
            return problems.Ours($"{notFound}: {PythonInterpreter.HowToProvide}, and {PythonPackages.InstallHint(module)}", modulePath);
        }

        JsonObject answer;
        try
        {
            answer = python.Validate(module, function, arguments, cancellationToken);
        }
        catch (PythonBridgeException e)
        {
            return problems.Ours($"{notFound}: {e.Message}", modulePath);
        }

        var argumentsPath = DocumentPath.Child(path, "arguments");
        var detail = PythonValue.AsString(answer["message"]);
        var argument = PythonValue.AsString(answer["name"]) ?? string.Empty;
        return PythonValue.AsString(answer["problem"]) switch
        {
            null => true,
            "module" => problems.Upstream($"{notFound} ({ValueExcerpt.Of(detail)}): {PythonPackages.InstallHint(module)}", modulePath),
            "import" => problems.Ours($"the Python module '{ValueExcerpt.Of(module)}' of activity '{ValueExcerpt.Of(name)}' failed while it was imported: {ValueExcerpt.Of(detail)}", modulePath),
            "function" => NoFunction(activity, module, function, path, problems),
            "missing" => Missing(argument, function, argumentsPath, problems),
            "unexpected" => Unexpected(argument, function, argumentsPath, problems),
            _ => problems.Ours($"the arguments of activity '{ValueExcerpt.Of(name)}' do not fit the signature of {ValueExcerpt.Of(module)}.{ValueExcerpt.Of(function)}: {ValueExcerpt.Of(detail)}", argumentsPath),
        };
    }

    private static bool NoFunction(JsonObject activity, string module, string function, string path, ProblemList problems) =>
        problems.Upstream(
            $"The python module '{ValueExcerpt.Of(module)}' does not expose a function called '{ValueExcerpt.Of(function)}' in {ValueExcerpt.Of(activity["type"])} '{ValueExcerpt.Of(PythonText.Str(activity["name"]))}'",
            DocumentPath.Child(path, "func"));

    private static bool NotMapping(JsonNode arguments, string path, ProblemList problems) =>
        problems.Ours($"the arguments of a python activity must be a mapping, not a {ExperimentLoader.Describe(arguments)}", path);

    private static bool Missing(string argument, string function, string path, ProblemList problems) =>
        problems.Upstream($"required argument '{ValueExcerpt.Of(argument)}' is missing from activity '{ValueExcerpt.Of(function)}'", path);

    private static bool Unexpected(string argument, string function, string path, ProblemList problems) =>
        problems.Upstream($"argument '{ValueExcerpt.Of(argument)}' is not part of the function signature in activity '{ValueExcerpt.Of(function)}'", DocumentPath.Child(path, argument));

    /// <summary><c>mod.func(a=1, b="x")</c>, as Python would call it.</summary>
    public string? Describe(JsonObject provider, string? hidden) =>
        $"{PythonValue.AsString(provider["module"])}.{PythonValue.AsString(provider["func"])}("
        + (provider["arguments"] is JsonObject arguments ? string.Join(", ", arguments.Where(p => p.Key != hidden).Select(p => $"{p.Key}={OneLine.Json(p.Value)}")) : string.Empty)
        + ")";

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var module = PythonValue.AsString(provider["module"]);
        var function = PythonValue.AsString(provider["func"]);
        if (!ChaosPixieFunctions.IsKnownModule(module ?? string.Empty))
        {
            return PythonBridgeCall.Run(module, function, provider, context, cancellationToken);
        }

        var arguments = Arguments(provider, context);
        var secrets = DeclaredSecrets(provider, context.Settings);
        try
        {
            return (module, function) switch
            {
                (ChaosPixieFunctions.Probes, "run_script") =>
                    ChaosPixieProbes.RunScript(ChaosPixieScripts.FromText(Text(arguments, "script"), arguments["vis"], arguments["arguments"]), TableName(arguments), secrets, context, cancellationToken),
                (ChaosPixieFunctions.Probes, "run_script_from_local_file") =>
                    ChaosPixieProbes.RunScriptFromLocalFile(Text(arguments, "script_path"), TableName(arguments), arguments["arguments"], secrets, context, cancellationToken),
                (ChaosPixieFunctions.Tolerances, _) when ChaosPixieTolerances.Knows(function!) => ChaosPixieTolerances.Evaluate(function!, arguments),
                _ => throw new InvalidOperationException($"The python module '{module}' does not expose a function called '{function}' in activity '{context.ActivityName}'"),
            };
        }
        catch (Exception e) when (e is not (OperationCanceledException or InvalidOperationException or ActivityFailedException))
        {
            throw new ActivityFailedException($"{ErrorName(e)}: {e.Message}", e);
        }
    }

    // The arguments substituted, except a tolerance's 'value': the probe's output is data, and spilled rows stay in their file.
    private static JsonObject Arguments(JsonObject provider, ActivityContext context)
    {
        if (provider["arguments"] is not JsonObject given)
        {
            return [];
        }

        var arguments = new JsonObject();
        foreach (var (key, value) in given)
        {
            arguments[key] = key == "value" && SpilledRows.From(value) is { } rows ? rows.ToNode() : context.Substitute(value);
        }

        return arguments;
    }

    // Upstream hands a python function one flat dict merging the scopes its provider lists in "secrets".
    internal static JsonObject DeclaredSecrets(JsonObject provider, ExperimentSettings settings)
    {
        var merged = new JsonObject();
        foreach (var scope in (provider["secrets"] as JsonArray ?? []).Select(PythonValue.AsString))
        {
            if (scope is not null && settings.Secrets[scope] is JsonObject values)
            {
                foreach (var (key, value) in values)
                {
                    merged[key] = value?.DeepClone();
                }
            }
        }

        return merged;
    }

    private static string TableName(JsonObject arguments) =>
        arguments["table_name"] is { } name ? PythonText.Str(name) : Pixie.PxlScript.DefaultTableName;

    private static string Text(JsonObject arguments, string name) =>
        PythonValue.AsString(arguments[name]) ?? throw new ArgumentException($"the argument '{name}' must be a string");

    private static string ErrorName(Exception e) => e switch
    {
        Pixie.PixieException pixie => $"PixieError({pixie.Kind})",
        Pixie.Scripts.PixieScriptException => "ValueError",
        Statistics.ToleranceException => "StatisticsError",
        IOException or UnauthorizedAccessException => "OSError",
        ArgumentException => "TypeError",
        _ => e.GetType().Name,
    };
}
