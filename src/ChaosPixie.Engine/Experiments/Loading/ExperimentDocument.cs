using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>A loaded experiment: the document as written (key order and unknown keys kept) and where it came from.</summary>
public sealed class ExperimentDocument
{
    public ExperimentDocument(JsonObject root, string path)
    {
        Root = root;
        Path = path;
    }

    public JsonObject Root { get; }

    /// <summary>The full path of the file it was read from.</summary>
    public string Path { get; }
}
