using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>
/// `--var` and `--var-file` of `chaos run`. Variable files are read in the order given, later ones overriding
/// earlier ones key by key; `.json`/`.yaml`/`.yml` files give `configuration` and `secrets` overrides, any other
/// file is a `.env` file whose `KEY=VALUE` lines are injected into the process environment at once. Variables
/// (`--var`) override configuration only, and beat the files.
/// </summary>
public sealed class VariableOverrides
{
    private readonly JsonObject _fileConfiguration = [];
    private readonly JsonObject _variables = [];

    public static VariableOverrides None => new();

    /// <summary>Configuration overrides: the files' `configuration` keys, then the variables over them.</summary>
    public JsonObject Configuration
    {
        get
        {
            var merged = (JsonObject)_fileConfiguration.DeepClone();
            foreach (var (key, value) in _variables)
            {
                merged[key] = value?.DeepClone();
            }

            return merged;
        }
    }

    /// <summary>Secret overrides: scope -> values; an overridden scope replaces the experiment's scope whole.</summary>
    public JsonObject Secrets { get; } = [];

    /// <summary>The names of the environment variables that `.env` files set, in order.</summary>
    public IReadOnlyList<string> InjectedEnvironment => _injected;

    private readonly List<string> _injected = [];

    /// <summary>
    /// Adds `--var name=value`. A name written `name:type` converts the value as `--var name:type=value` does
    /// (see <see cref="VariableType"/>); otherwise the value is used with its type.
    /// </summary>
    public void AddVariable(string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            var type = name[(colon + 1)..];
            name = name[..colon];
            try
            {
                value = VariableType.Convert(type, value);
            }
            catch (FormatException e)
            {
                throw new ExperimentException(ExperimentErrorKind.InvalidVariable, $"Invalid value for variable '{ValueExcerpt.Of(name)}': {e.Message}", null, e);
            }
        }

        _variables[name] = value?.DeepClone();
    }

    /// <summary>Adds a variable written as on the `chaos run` command line: `name=value` or `name:type=value`.</summary>
    public void AddVariable(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var equals = specification.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidVariable, $"Invalid value for variable '{ValueExcerpt.Of(specification)}': var needs to be in the format name[:type]=value");
        }

        AddVariable(specification[..equals], JsonValue.Create(specification[(equals + 1)..]));
    }

    /// <summary>Reads a variable file (see the class summary). A `.env` file changes this process's environment.</summary>
    public void AddFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ExperimentException(ExperimentErrorKind.NotFound, $"Variable file \"{path}\" does not exist.");
        }

        var text = DocumentText.Read(path);
        var extension = Path.GetExtension(path);
        if (extension is ".json" or ".yaml" or ".yml")
        {
            var prefix = $"Failed to parse variable file '{path}': ";
            var data = extension == ".json" ? JsonDocumentReader.Read(text, prefix) : YamlDocumentReader.Read(text, prefix);
            MergeDataFile(data, path);
        }
        else
        {
            InjectEnvironment(text, path);
        }
    }

    private void MergeDataFile(JsonNode? data, string path)
    {
        if (data is null)
        {
            return;
        }

        if (data is not JsonObject obj)
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidVariable, $"Variable file \"{path}\" must hold a mapping with `configuration` and/or `secrets`, not a {ExperimentLoader.Describe(data)}.");
        }

        Merge(obj, "configuration", _fileConfiguration, path);
        Merge(obj, "secrets", Secrets, path);
    }

    private static void Merge(JsonObject data, string section, JsonObject into, string path)
    {
        if (!data.TryGetPropertyValue(section, out var values) || values is null)
        {
            return;
        }

        if (values is not JsonObject entries)
        {
            throw new ExperimentException(ExperimentErrorKind.InvalidVariable, $"Variable file \"{path}\": `{section}` must be a mapping, not a {ExperimentLoader.Describe(values)}.", DocumentPath.Child(DocumentPath.Root, section));
        }

        foreach (var (key, value) in entries)
        {
            into[key] = value?.DeepClone();
        }
    }

    // Upstream's own .env reading: trimmed lines, `#` comments, the value taken verbatim (no unquoting).
    private void InjectEnvironment(string text, string path)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ExperimentException(ExperimentErrorKind.InvalidVariable, $"Variable file \"{path}\", line {i + 1}: expected NAME=VALUE.");
            }

            var name = line[..equals];
            Environment.SetEnvironmentVariable(name, line[(equals + 1)..]);
            _injected.Add(name);
        }
    }
}
