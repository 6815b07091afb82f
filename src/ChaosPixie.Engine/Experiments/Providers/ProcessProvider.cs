using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers.Processes;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// The <c>process</c> provider: string arguments through the platform shell, list arguments as argv with
/// Python's <c>str()</c>, each run in a <see cref="ProcessGroup"/> of its own that ends with the activity (timeout,
/// interruption or not), output <c>{status, stdout, stderr}</c>. A non-zero
/// exit code is not a failure.
/// </summary>
internal sealed class ProcessProvider : IProviderType
{
    private const string DeprecatedDictArguments =
        "Process arguments should now be a list to keep the ordering of the arguments. Dictionary arguments are deprecated for process activities.";

    public string Name => "process";

    public string? OutputFields => "stdout, stderr or status";

    public bool Validate(JsonObject activity, JsonObject provider, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var name = PythonText.Str(activity["name"]);
        var raw = provider["path"];
        var pathPath = DocumentPath.Child(path, "path");
        if (!PythonValue.IsTruthy(raw))
        {
            return problems.Upstream("a process activity must have a path", pathPath);
        }

        if (!PythonValue.IsString(raw))
        {
            return problems.Ours($"a process activity path must be a string, not a {ExperimentLoader.Describe(raw)}, in activity '{ValueExcerpt.Of(name)}'", pathPath);
        }

        return ExecutableLocator.Find(PythonValue.AsString(raw)!, options.WorkingDirectory) is not null
            || problems.Upstream($"path '{ValueExcerpt.Of(PythonValue.AsString(raw))}' cannot be found, in activity '{ValueExcerpt.Of(name)}'", pathPath);
    }

    public string? Describe(JsonObject provider, string? hidden) =>
        OneLine.Join(PythonValue.AsString(provider["path"]), provider["arguments"] switch
        {
            JsonArray list => string.Join(' ', list.Select(OneLine.Value)),
            JsonObject dict => string.Join(' ', dict.Select(p => p.Value is null ? p.Key : $"{p.Key} {OneLine.Value(p.Value)}")),
            var other => PythonValue.AsString(other) ?? (other is null ? null : OneLine.Json(other)),
        });

    /// <summary>The stripped stdout of a process that exited 0; any other exit leaves the key out.</summary>
    public JsonNode? ConfigurationValue(JsonNode? output)
    {
        var result = output as JsonObject;
        return result?["status"] is JsonValue status && PythonValue.AsJsonNumber(status) == 0
            ? JsonValue.Create((PythonValue.AsString(result["stdout"]) ?? string.Empty).Trim())
            : throw new ActivityFailedException($"its process exited with status {ValueExcerpt.Of(result?["status"])}.");
    }

    public string? ErrorStatusWarning(double status) => status != 0
        ? "This process returned a non-zero exit code. This may indicate some error and not what you expected. Please have a look at the logs."
        : null;

    public int? ExitCode(JsonNode? output) =>
        output is JsonObject o && o["status"] is JsonValue status && status.TryGetValue(out int code) && code != 0 ? code : null;

    public string? Deprecation(JsonObject provider) => provider["arguments"] is JsonObject ? DeprecatedDictArguments : null;

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var path = provider["path"] is JsonValue p && p.TryGetValue(out string? text) ? text : null;
        if (path?.Length > ExecutableLocator.MaxPathLength)
        {
            // Only -NoValidation lets one through; the system would refuse it anyway, after copying it around.
            throw new ActivityFailedException(
                $"the path of the process is {path.Length} characters long, more than the {ExecutableLocator.MaxPathLength} a system allows: '{ValueExcerpt.Of(path)}'");
        }

        var arguments = provider["arguments"];
        if (context.HasSettings)
        {
            arguments = context.Substitute(arguments);
        }

        var resolved = path is null ? null : ExecutableLocator.Find(ExpandUser(path), context.WorkingDirectory ?? Environment.CurrentDirectory);
        var start = BuildStartInfo(resolved, arguments, context.ActivityName);
        if (context.WorkingDirectory is { } directory)
        {
            start.WorkingDirectory = directory;
        }

        var timeout = ProviderValues.Seconds(provider["timeout"]);
        return Execute(start, timeout, cancellationToken);
    }

    private static ProcessStartInfo BuildStartInfo(string? resolved, JsonNode? arguments, string activityName)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        if (arguments is JsonValue value && value.TryGetValue(out string? line))
        {
            // Upstream joins the unquoted path and the text and hands it to the shell; a missing path reads "None".
            var command = $"{resolved ?? "None"} {line}";
            if (OperatingSystem.IsWindows())
            {
                start.FileName = Environment.GetEnvironmentVariable("COMSPEC") ?? "cmd.exe";
                start.Arguments = $"/c \"{command}\"";
            }
            else
            {
                start.FileName = "/bin/sh";
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(command);
            }

            return start;
        }

        // Upstream then fails with a TypeError, which aborts the experiment: not an ActivityFailed.
        start.FileName = resolved ?? throw new InvalidOperationException(
            $"the executable of process activity '{ValueExcerpt.Of(activityName)}' cannot be found, so its list arguments cannot run");
        foreach (var argument in Argv(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Python's <c>os.path.expanduser</c>: the run expands <c>~</c> (validation does not, as upstream's).</summary>
    private static string ExpandUser(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && path.StartsWith("~\\", StringComparison.Ordinal))
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;

    /// <summary>List items (or the flattened pairs of the deprecated dict form) as <c>str()</c>, without null and "".</summary>
    public static IEnumerable<string> Argv(JsonNode? arguments)
    {
        IEnumerable<JsonNode?> items = arguments switch
        {
            JsonArray array => array,
            JsonObject obj => obj.SelectMany(pair => new[] { JsonValue.Create(pair.Key), pair.Value }),
            null => [],
            _ => new[] { arguments },
        };
        foreach (var item in items)
        {
            if (item is null || (item is JsonValue v && v.TryGetValue(out string? s) && s.Length == 0))
            {
                continue;
            }

            yield return PythonText.Str(item);
        }
    }

    // The timeout covers the output too: a process that exits while a child it started still holds its stdout has not
    // finished. Whatever way the activity ends, its process group is ended with it.
    private static JsonObject Execute(ProcessStartInfo start, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ProcessGroup group;
        try
        {
            group = ProcessGroup.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // .NET's message may repeat the path (on Windows it does): quote at most its start, there too.
            var name = ValueExcerpt.Of(start.FileName);
            var reason = start.FileName.Length > 0 ? e.Message.Replace(start.FileName, name, StringComparison.Ordinal) : e.Message;
            throw new ActivityFailedException($"process '{name}' could not be started: {reason}", new System.ComponentModel.Win32Exception(e.NativeErrorCode, reason));
        }

        using (group)
        {
            var stdout = group.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = group.StandardError.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout is { } t)
            {
                limit.CancelAfter(t);
            }

            try
            {
                Task.WhenAll(group.Exited, stdout, stderr).WaitAsync(limit.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                group.End();
                cancellationToken.ThrowIfCancellationRequested();
                throw new ActivityFailedException("process activity took too long to complete");
            }

            return new JsonObject
            {
                ["status"] = group.Exited.Result,
                ["stdout"] = stdout.Result,
                ["stderr"] = stderr.Result,
            };
        }
    }
}
