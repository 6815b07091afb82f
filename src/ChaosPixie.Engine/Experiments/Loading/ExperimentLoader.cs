using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Loads an experiment file as `chaos run` does: a missing path first, then the extension (`.json`, `.yaml` or
/// `.yml`, compared case-sensitively as upstream does), then the content. Invalid JSON, which upstream lets crash
/// with a traceback, becomes a clear error with its line and position.
/// </summary>
public static class ExperimentLoader
{
    public const string UnsupportedExtensionMessage = "only files with json, yaml or yml extensions are supported";

    public static ExperimentDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ExperimentException(ExperimentErrorKind.NotFound, $"Path \"{path}\" is a directory, not an experiment file.");
        }

        if (!File.Exists(path))
        {
            throw new ExperimentException(ExperimentErrorKind.NotFound, $"Path \"{path}\" does not exist.") { IsUpstream = true };
        }

        var extension = System.IO.Path.GetExtension(path);
        var isYaml = extension is ".yaml" or ".yml";
        if (!isYaml && extension != ".json")
        {
            throw new ExperimentException(ExperimentErrorKind.UnsupportedFormat, UnsupportedExtensionMessage, DocumentPath.Root) { IsUpstream = true };
        }

        var text = DocumentText.Read(path);
        JsonNode? root;
        try
        {
            root = isYaml ? YamlDocumentReader.Read(text, "Failed parsing YAML experiment: ") : JsonDocumentReader.Read(text, "Failed parsing JSON experiment: ");
        }
        catch (ExperimentException e) when (isYaml)
        {
            // Upstream reports YAML errors itself (with PyYAML's wording); invalid JSON crashes it.
            throw new ExperimentException(e.Kind, e.Message, e.JsonPath, e.InnerException) { IsUpstream = true };
        }

        return new ExperimentDocument(AsExperiment(root, path), System.IO.Path.GetFullPath(path));
    }

    // An empty file is an empty experiment (validation then says so in upstream's words); a list or a scalar
    // at the top, which crashes upstream, is refused here.
    private static JsonObject AsExperiment(JsonNode? root, string path) => root switch
    {
        null => [],
        JsonObject obj => obj,
        _ => throw new ExperimentException(
            ExperimentErrorKind.ParseError,
            $"The experiment in \"{path}\" must be a mapping (a JSON object) at its top level, not a {Describe(root)}.",
            DocumentPath.Root),
    };

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "list",
        JsonObject => "mapping",
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "boolean",
        },
        _ => "value",
    };
}
