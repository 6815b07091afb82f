using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments;

namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// The scripts of one or more bundles by name. A bundle is Pixie's JSON ({"scripts": {"px/http_data": {pxl, vis,
/// ShortDoc, LongDoc, orgID, hidden}}}, keys in any case, vis.json as text inside it), or a folder laid out as
/// Pixie's pxl_scripts (one folder per script, named by its path: exactly one .pxl, an optional vis.json, a
/// manifest.yaml). Scripts of an organization (a non-empty orgID) are left out: an API key names no organization.
/// </summary>
public sealed class PixieScriptBundle
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly Dictionary<string, PixieScript> _scripts;

    private PixieScriptBundle(Dictionary<string, PixieScript> scripts, string source)
    {
        _scripts = scripts;
        Source = source;
    }

    /// <summary>Where the scripts were read, for messages.</summary>
    public string Source { get; }

    /// <summary>Every script, hidden ones included, by name.</summary>
    public IReadOnlyCollection<PixieScript> Scripts => _scripts.Values;

    public PixieScript? Find(string name) => _scripts.GetValueOrDefault(name);

    /// <summary>Bundles merged as px merges them: a later bundle's script replaces an earlier one of the same name.</summary>
    public static PixieScriptBundle Merge(IReadOnlyList<PixieScriptBundle> bundles)
    {
        var scripts = new Dictionary<string, PixieScript>(StringComparer.Ordinal);
        foreach (var script in bundles.SelectMany(b => b.Scripts))
        {
            scripts[script.Name] = script;
        }

        return new PixieScriptBundle(scripts, string.Join(" + ", bundles.Select(b => b.Source)));
    }

    /// <summary>Reads Pixie's bundle JSON; <paramref name="source"/> names it in errors.</summary>
    public static PixieScriptBundle Parse(string json, string source)
    {
        BundleDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<BundleDocument>(json, Json);
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"it is not Pixie's bundle JSON ({e.Message})", e);
        }

        if (document?.Scripts is not { } entries)
        {
            throw Invalid(source, "it has no 'scripts' object");
        }

        var scripts = new Dictionary<string, PixieScript>(StringComparer.Ordinal);
        foreach (var (name, entry) in entries)
        {
            if (entry is null || !string.IsNullOrEmpty(entry.OrgId))
            {
                continue;
            }

            var vis = string.IsNullOrWhiteSpace(entry.Vis) ? null : PixieVis.Parse(entry.Vis, $"'{name}' in {source}");
            scripts[name] = new PixieScript(name, entry.Pxl ?? string.Empty, vis, source, isBundled: true)
            {
                ShortDoc = entry.ShortDoc ?? string.Empty,
                LongDoc = entry.LongDoc ?? string.Empty,
                Hidden = entry.Hidden,
            };
        }

        return new PixieScriptBundle(scripts, source);
    }

    /// <summary>Reads a folder laid out as Pixie's pxl_scripts: every folder below it that holds a .pxl is a script.</summary>
    public static PixieScriptBundle ReadFolder(string root)
    {
        var scripts = new Dictionary<string, PixieScript>(StringComparer.Ordinal);
        var folders = Directory.EnumerateFiles(root, "*.pxl", SearchOption.AllDirectories)
            .Select(f => Path.GetDirectoryName(f)!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var name = Path.GetRelativePath(root, folder).Replace(Path.DirectorySeparatorChar, '/');
            var manifest = ReadManifest(folder, name);
            if (!string.IsNullOrEmpty(manifest.OrgId))
            {
                continue;
            }

            var local = ReadScriptFolder(folder, name);
            scripts[name] = new PixieScript(name, local.Pxl, local.Vis, local.Source, isBundled: true)
            {
                ShortDoc = manifest.Short,
                LongDoc = manifest.Long,
                Hidden = manifest.Hidden,
            };
        }

        return new PixieScriptBundle(scripts, root);
    }

    /// <summary>One script folder: exactly one .pxl and an optional vis.json beside it (a manifest is not needed).</summary>
    public static PixieScript ReadScriptFolder(string folder, string name)
    {
        var pxl = Directory.GetFiles(folder, "*.pxl");
        if (pxl.Length != 1)
        {
            throw Invalid(folder, $"expected exactly one pxl script, found {pxl.Length}");
        }

        return ReadScriptFile(pxl[0], name);
    }

    /// <summary>A .pxl file with the vis.json of its folder, when there is one.</summary>
    public static PixieScript ReadScriptFile(string pxlPath, string name)
    {
        var folder = Path.GetDirectoryName(pxlPath)!;
        var visPath = Path.Combine(folder, "vis.json");
        var vis = File.Exists(visPath) ? PixieVis.Parse(File.ReadAllText(visPath), visPath) : null;
        return new PixieScript(name, File.ReadAllText(pxlPath), vis, pxlPath, isBundled: false);
    }

    private static Manifest ReadManifest(string folder, string name)
    {
        var path = Path.Combine(folder, "manifest.yaml");
        if (!File.Exists(path))
        {
            throw Invalid(folder, $"the script '{name}' has no manifest.yaml (with the keys short, long, org_id and hidden)");
        }

        JsonNode? node;
        try
        {
            node = YamlDocumentReader.Read(File.ReadAllText(path), path);
        }
        catch (ExperimentException e)
        {
            throw Invalid(path, e.Message, e);
        }

        var map = node as JsonObject ?? [];
        string Text(string key) => map[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
        return new Manifest(Text("short"), Text("long"), Text("org_id"), map["hidden"] is JsonValue hidden && hidden.TryGetValue<bool>(out var flag) && flag);
    }

    private static PixieScriptException Invalid(string source, string why, Exception? inner = null) =>
        new(PixieScriptErrorKind.BundleInvalid, $"Cannot read the script bundle {source}: {why}.", "Point -BundlePath or PIXIE_SCRIPT_BUNDLE at Pixie's bundle JSON or at a folder laid out as Pixie's pxl_scripts.", inner)
        {
            Target = source,
        };

    private sealed record Manifest(string Short, string Long, string OrgId, bool Hidden);

    private sealed class BundleDocument
    {
        public Dictionary<string, BundleEntry?>? Scripts { get; set; }
    }

    private sealed class BundleEntry
    {
        public string? Pxl { get; set; }

        public string? Vis { get; set; }

        public string? ShortDoc { get; set; }

        public string? LongDoc { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("orgID")]
        public string? OrgId { get; set; }

        public bool Hidden { get; set; }
    }
}
