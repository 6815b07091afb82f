using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Providers.Bridge;

/// <summary>
/// One python activity run through the bridge, with upstream's python provider semantics: the arguments substituted
/// (when the experiment has configuration or secrets), <c>secrets</c> (the provider's scopes merged) given when the
/// provider lists some and the function takes them, <c>configuration</c> when the function takes it, the return value
/// as the output, an exception as an ActivityFailed with Python's traceback as the journal's lines.
/// </summary>
internal static class PythonBridgeCall
{
    public static JsonNode? Run(string? module, string? function, JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var python = context.Python ?? throw new InvalidOperationException(
            $"could not find Python module '{ValueExcerpt.Of(module)}' in activity '{ValueExcerpt.Of(context.ActivityName)}': {PythonInterpreter.HowToProvide}");
        var arguments = provider["arguments"] as JsonObject ?? [];
        var request = new JsonObject
        {
            ["module"] = module,
            ["func"] = function,
            ["arguments"] = context.HasSettings ? context.Substitute(arguments) : arguments.DeepClone(),
            ["configuration"] = context.Settings.Configuration.DeepClone(),
            ["secrets"] = provider.ContainsKey("secrets") ? PythonProvider.DeclaredSecrets(provider, context.Settings) : null,
        };

        JsonObject answer;
        try
        {
            answer = python.Call(request, ProviderValues.Seconds(provider["timeout"]), cancellationToken);
        }
        catch (PythonBridgeException e)
        {
            throw new ActivityFailedException($"{module}.{function} did not complete: {e.Message}");
        }

        if (answer.TryGetPropertyValue("output", out var output))
        {
            return output?.DeepClone();
        }

        if (PythonValue.AsString(answer["failed"]) is { } message)
        {
            var lines = answer["exception"] as JsonArray ?? [];
            throw new ActivityFailedException(message) { Traceback = [.. lines.Select(line => PythonValue.AsString(line) ?? string.Empty)] };
        }

        if (PythonValue.AsString(answer["unserializable"]) is { } type)
        {
            // chaos would write a truncated journal; here the activity fails and says what it returned.
            throw new ActivityFailedException(
                $"{module}.{function} returned a {type} value, which a journal cannot hold ({PythonValue.AsString(answer["repr"])}): return text, a number, a bool, None, a list or a dict");
        }

        // The module or the function is gone at run time (only with -NoValidation): upstream aborts the run.
        throw new InvalidOperationException(
            $"could not run {ValueExcerpt.Of(module)}.{ValueExcerpt.Of(function)} in activity '{ValueExcerpt.Of(context.ActivityName)}': {PythonValue.AsString(answer["abort"])}; {PythonPackages.InstallHint(module ?? string.Empty)}");
    }
}
