using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// The global controls of a run, as <c>chaos run</c> loads them: the settings file's <c>controls</c> mapping first,
/// then each <c>--control-file</c> in order, each a mapping of names to control declarations (the name goes into the
/// declaration). Where upstream skips a file that does not parse with an error line, or crashes, this is an error.
/// </summary>
public static class GlobalControls
{
    /// <summary>chaos's default settings file, <c>~/.chaostoolkit/settings.yaml</c>.</summary>
    public static string DefaultSettingsPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".chaostoolkit", "settings.yaml");

    /// <summary>The settings file's content; null when there is no such file. Throws <see cref="ExperimentException"/>.</summary>
    public static JsonObject? LoadSettings(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        return Read(path, isYaml: true, "settings file") as JsonObject ?? [];
    }

    /// <summary>The declarations, named, in load order. Throws <see cref="ExperimentException"/> for a file that cannot be used.</summary>
    public static IReadOnlyList<JsonObject> Load(JsonObject? settings, IEnumerable<string> controlFiles)
    {
        ArgumentNullException.ThrowIfNull(controlFiles);
        var controls = new List<JsonObject>();
        if (settings?["controls"] is { } fromSettings)
        {
            controls.AddRange(Named(fromSettings, "the settings file's 'controls'"));
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

            controls.AddRange(Named(Read(file, extension != ".json", "control file"), $"the control file \"{file}\""));
        }

        return controls;
    }

    private static JsonNode? Read(string path, bool isYaml, string what)
    {
        var text = DocumentText.Read(path);
        try
        {
            return isYaml ? YamlDocumentReader.Read(text, $"Failed parsing the {what}: ") : JsonDocumentReader.Read(text, $"Failed parsing the {what}: ");
        }
        catch (ExperimentException e)
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidControlFile, $"{e.Message} ({path})", e.JsonPath, e);
        }
    }

    private static IEnumerable<JsonObject> Named(JsonNode? mapping, string source)
    {
        if (mapping is not JsonObject declarations)
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidControlFile,
                $"{source} must be a mapping of control names to control declarations ({{\"name\": {{\"provider\": {{...}}}}}}), not a {ExperimentLoader.Describe(mapping)}.");
        }

        foreach (var (name, node) in declarations)
        {
            if (node is not JsonObject declaration)
            {
                throw new ExperimentException(ExperimentErrorKind.InvalidControlFile,
                    $"The control '{ValueExcerpt.Of(name)}' in {source} must be a mapping with a 'provider', not a {ExperimentLoader.Describe(node)}.", DocumentPath.Child(DocumentPath.Root, name));
            }

            var control = (JsonObject)declaration.DeepClone();
            control["name"] = name;
            yield return control;
        }
    }
}
