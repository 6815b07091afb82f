using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// The global controls of a run, as <c>chaos run</c> loads them: the settings file's <c>controls</c> mapping first,
/// then each <c>--control-file</c> in order, each a mapping of names to control declarations (the name goes into the
/// declaration). Where upstream skips a file that does not parse with an error line, or crashes, this is an error; so
/// is a settings file that does not parse, which upstream logs and then runs without (its safeguard controls and all).
/// </summary>
public static class GlobalControls
{
    /// <summary>chaos's default settings file, <c>~/.chaostoolkit/settings.yaml</c>.</summary>
    public static string DefaultSettingsPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".chaostoolkit", "settings.yaml");

    /// <summary>
    /// The settings file's content (an empty file is empty settings); null when there is no such file and
    /// <paramref name="required"/> is false. Throws <see cref="ExperimentException"/> (<see cref="ExperimentErrorKind.InvalidSettingsFile"/>)
    /// naming the file, and the line for a file that does not parse.
    /// </summary>
    public static JsonObject? LoadSettings(string path, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return required ? throw new ExperimentException(ExperimentErrorKind.InvalidSettingsFile, $"The settings file \"{path}\" does not exist.") : null;
        }

        var settings = Read(path, isYaml: true, "settings file", ExperimentErrorKind.InvalidSettingsFile);
        if (settings is not (null or JsonObject))
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidSettingsFile, $"The settings file \"{path}\" must be a mapping of settings (controls:, runtime:, ...), not a {ExperimentLoader.Describe(settings)}.");
        }

        var loaded = settings as JsonObject ?? [];
        if (loaded["controls"] is { } controls)
        {
            // Checked here, where the file is known, so that the error names it.
            _ = Named(controls, $"the settings file \"{path}\": its 'controls'", ExperimentErrorKind.InvalidSettingsFile).ToList();
        }

        return loaded;
    }

    /// <summary>The declarations, named, in load order. Throws <see cref="ExperimentException"/> for a file that cannot be used.</summary>
    public static IReadOnlyList<JsonObject> Load(JsonObject? settings, IEnumerable<string> controlFiles)
    {
        ArgumentNullException.ThrowIfNull(controlFiles);
        var controls = new List<JsonObject>();
        if (settings?["controls"] is { } fromSettings)
        {
            controls.AddRange(Named(fromSettings, "the settings file's 'controls'", ExperimentErrorKind.InvalidSettingsFile));
        }

        foreach (var file in controlFiles)
        {
            if (!File.Exists(file))
            {
                throw new ExperimentException(ExperimentErrorKind.InvalidControlFile, $"The control file \"{file}\" does not exist.");
            }

            var extension = Path.GetExtension(file);
            if (extension is not (".json" or ".yaml" or ".yml"))
            {
                throw new ExperimentException(ExperimentErrorKind.InvalidControlFile, $"The control file \"{file}\" must be a .json, .yaml or .yml file.");
            }

            controls.AddRange(Named(Read(file, extension != ".json", "control file", ExperimentErrorKind.InvalidControlFile), $"the control file \"{file}\"", ExperimentErrorKind.InvalidControlFile));
        }

        return controls;
    }

    private static JsonNode? Read(string path, bool isYaml, string what, ExperimentErrorKind kind)
    {
        try
        {
            var text = DocumentText.Read(path);
            return isYaml ? YamlDocumentReader.Read(text, $"Failed parsing the {what}: ") : JsonDocumentReader.Read(text, $"Failed parsing the {what}: ");
        }
        catch (ExperimentException e)
        {
            throw new ExperimentException(kind, e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"{e.Message} in \"{path}\"", e.JsonPath, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException(kind, $"The {what} \"{path}\" could not be read: {e.Message}", null, e);
        }
    }

    private static IEnumerable<JsonObject> Named(JsonNode? mapping, string source, ExperimentErrorKind kind)
    {
        if (mapping is not JsonObject declarations)
        {
            throw new ExperimentException(kind,
                $"{source} must be a mapping of control names to control declarations ({{\"name\": {{\"provider\": {{...}}}}}}), not a {ExperimentLoader.Describe(mapping)}.");
        }

        foreach (var (name, node) in declarations)
        {
            if (node is not JsonObject declaration)
            {
                throw new ExperimentException(kind,
                    $"The control '{ValueExcerpt.Of(name)}' in {source} must be a mapping with a 'provider', not a {ExperimentLoader.Describe(node)}.", DocumentPath.Child(DocumentPath.Root, name));
            }

            var control = (JsonObject)declaration.DeepClone();
            control["name"] = name;
            yield return control;
        }
    }
}
