using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Settings;
using static ChaosPixie.Engine.Experiments.Validation.PythonValue;

namespace ChaosPixie.Engine.Experiments.Validation;

/// <summary>
/// The per-provider part of activity validation: upstream's process, http and python checks (python limited to
/// the chaospixie modules ChaosPixie runs natively), and the checks of ChaosPixie's own `powershell` provider.
/// </summary>
internal static class ProviderValidator
{
    public static bool Validate(JsonObject activity, JsonObject provider, string type, string path, ExperimentValidationOptions options, ProblemList problems) => type switch
    {
        "process" => ValidateProcess(activity, provider, path, options, problems),
        "http" => ValidateHttp(provider, path, problems),
        "python" => ValidatePython(activity, provider, path, problems),
        _ => ValidatePowerShell(provider, path, problems),
    };

    private static bool ValidateProcess(JsonObject activity, JsonObject provider, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var name = PythonText.Str(activity["name"]);
        var raw = provider["path"];
        var pathPath = DocumentPath.Child(path, "path");
        if (!IsTruthy(raw))
        {
            return problems.Upstream("a process activity must have a path", pathPath);
        }

        if (!IsString(raw))
        {
            return problems.Ours($"a process activity path must be a string, not a {ExperimentLoader.Describe(raw)}, in activity '{ValueExcerpt.Of(name)}'", pathPath);
        }

        return ExecutableLocator.Find(AsString(raw)!, options.WorkingDirectory) is not null
            || problems.Upstream($"path '{ValueExcerpt.Of(AsString(raw))}' cannot be found, in activity '{ValueExcerpt.Of(name)}'", pathPath);
    }

    private static bool ValidateHttp(JsonObject provider, string path, ProblemList problems)
    {
        if (!IsTruthy(provider["url"]))
        {
            return problems.Upstream("a HTTP activity must have a URL", DocumentPath.Child(path, "url"));
        }

        var headers = provider["headers"];
        return !IsTruthy(headers) || headers is JsonObject
            || problems.Upstream("a HTTP activities expect headers as a mapping", DocumentPath.Child(path, "headers"));
    }

    private static bool ValidatePython(JsonObject activity, JsonObject provider, string path, ProblemList problems)
    {
        var name = PythonText.Str(activity["name"]);
        var module = provider["module"];
        if (!IsTruthy(module))
        {
            return problems.Upstream("a Python activity must have a module path", DocumentPath.Child(path, "module"));
        }

        var function = provider["func"];
        if (!IsTruthy(function))
        {
            return problems.Upstream("a Python activity must have a function name", DocumentPath.Child(path, "func"));
        }

        var moduleName = PythonText.Str(module);
        if (!ChaosPixieFunctions.IsKnownModule(moduleName))
        {
            return problems.Ours(
                $"could not find Python module '{ValueExcerpt.Of(moduleName)}' in activity '{ValueExcerpt.Of(name)}': ChaosPixie runs no Python; of the python providers it runs only "
                + $"{ChaosPixieFunctions.Probes} and {ChaosPixieFunctions.Tolerances}. Use a process, http or powershell provider instead.",
                DocumentPath.Child(path, "module"));
        }

        var functionName = PythonText.Str(function);
        var signature = ChaosPixieFunctions.Signature(moduleName, functionName);
        if (signature is null)
        {
            return problems.Upstream(
                $"The python module '{ValueExcerpt.Of(moduleName)}' does not expose a function called '{ValueExcerpt.Of(functionName)}' in {ValueExcerpt.Of(activity["type"])} '{ValueExcerpt.Of(name)}'",
                DocumentPath.Child(path, "func"));
        }

        var argumentsPath = DocumentPath.Child(path, "arguments");
        var argumentsNode = provider["arguments"];
        if (argumentsNode is not null and not JsonObject)
        {
            return problems.Ours($"the arguments of a python activity must be a mapping, not a {ExperimentLoader.Describe(argumentsNode)}", argumentsPath);
        }

        // inspect.signature(f).bind(**arguments): the first missing parameter, then the first unexpected argument.
        var arguments = argumentsNode as JsonObject ?? [];
        var missing = signature.FirstOrDefault(p => p.IsRequired && !arguments.ContainsKey(p.Name));
        if (missing is not null)
        {
            return problems.Upstream($"required argument '{ValueExcerpt.Of(missing.Name)}' is missing from activity '{ValueExcerpt.Of(functionName)}'", argumentsPath);
        }

        var unexpected = arguments.Select(a => a.Key).FirstOrDefault(k => signature.All(p => p.Name != k));
        if (unexpected is not null)
        {
            return problems.Upstream($"argument '{ValueExcerpt.Of(unexpected)}' is not part of the function signature in activity '{ValueExcerpt.Of(functionName)}'", DocumentPath.Child(argumentsPath, unexpected));
        }

        return true;
    }

    private static bool ValidatePowerShell(JsonObject provider, string path, ProblemList problems)
    {
        var function = provider["func"];
        var script = provider["script"];
        if (IsTruthy(function) == IsTruthy(script))
        {
            return problems.Ours("a powershell activity must have either `func` (a command name) or `script` (script text), not both", path);
        }

        if (IsTruthy(function) && !IsString(function))
        {
            return problems.Ours("a powershell activity's `func` must be a command name", DocumentPath.Child(path, "func"));
        }

        if (IsTruthy(script) && !IsString(script))
        {
            return problems.Ours("a powershell activity's `script` must be script text", DocumentPath.Child(path, "script"));
        }

        var module = provider["module"];
        if (module is not null && !(IsString(module) && AsString(module)!.Length > 0))
        {
            return problems.Ours("a powershell activity's `module` must be the name or path of a module to import", DocumentPath.Child(path, "module"));
        }

        var arguments = provider["arguments"];
        return arguments is null or JsonObject
            || problems.Ours($"the arguments of a powershell activity must be a mapping of parameter names to values, not a {ExperimentLoader.Describe(arguments)}", DocumentPath.Child(path, "arguments"));
    }
}
