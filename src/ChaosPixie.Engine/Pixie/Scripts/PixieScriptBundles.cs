using System.Collections.Concurrent;

namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// Where scripts by name come from, read once per process: the source given (-BundlePath), else the environment
/// variable PIXIE_SCRIPT_BUNDLE, else the two bundles px reads, merged as px merges them (the open-source bundle
/// wins a name both hold). A source is a bundle JSON file, a pxl_scripts folder, or an http(s) URL.
/// </summary>
public static class PixieScriptBundles
{
    public const string EnvironmentVariable = "PIXIE_SCRIPT_BUNDLE";

    /// <summary>px's defaultBundleFile, then its ossBundleFile (read after it, so it wins).</summary>
    public static readonly IReadOnlyList<string> DefaultUrls =
    [
        "https://storage.googleapis.com/pixie-prod-artifacts/script-bundles/bundle-core.json",
        "https://artifacts.px.dev/pxl_scripts/bundle.json",
    ];

    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<string, PixieScriptBundle> Loaded = new(StringComparer.Ordinal);
    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient { Timeout = DownloadTimeout });

    /// <summary>The source that <see cref="Load"/> reads for this explicit source (null: none given).</summary>
    public static string? Choose(string? source) => source ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);

    /// <summary>The bundle of this source (null: the environment's, else px's), read at its first use in the process.</summary>
    public static PixieScriptBundle Load(string? source, CancellationToken cancellation)
    {
        var chosen = Choose(source);
        var key = chosen ?? string.Join("\n", DefaultUrls);
        if (Loaded.TryGetValue(key, out var bundle))
        {
            return bundle;
        }

        bundle = chosen is null ? LoadDefaults(cancellation) : Read(chosen, cancellation);
        return Loaded.GetOrAdd(key, bundle);
    }

    /// <summary>The bundle of a source already read in this process, without reading anything (tab completion).</summary>
    public static PixieScriptBundle? Cached(string? source)
    {
        var chosen = Choose(source);
        return Loaded.GetValueOrDefault(chosen ?? string.Join("\n", DefaultUrls));
    }

    /// <summary>Whether a source is a URL rather than a path.</summary>
    public static bool IsUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static PixieScriptBundle LoadDefaults(CancellationToken cancellation)
    {
        var bundles = new List<PixieScriptBundle>();
        var failures = new List<string>();
        foreach (var url in DefaultUrls)
        {
            try
            {
                bundles.Add(Read(url, cancellation));
            }
            catch (PixieScriptException e)
            {
                failures.Add(e.Message);
            }
        }

        // px skips a bundle it cannot read; with neither, there is nothing to run.
        return bundles.Count > 0
            ? PixieScriptBundle.Merge(bundles)
            : throw new PixieScriptException(
                PixieScriptErrorKind.BundleUnavailable,
                $"Cannot read Pixie's script bundles: {string.Join(" ", failures)}",
                $"Without access to them, point at a local copy: -BundlePath <bundle.json, a pxl_scripts folder or a URL>, or set ${EnvironmentVariable} to one (for example a checkout of pixie-io/pixie's src/pxl_scripts).")
            {
                Target = DefaultUrls[^1],
            };
    }

    private static PixieScriptBundle Read(string source, CancellationToken cancellation)
    {
        if (IsUrl(source))
        {
            return PixieScriptBundle.Parse(Download(source, cancellation), source);
        }

        try
        {
            if (Directory.Exists(source))
            {
                return PixieScriptBundle.ReadFolder(source);
            }

            if (File.Exists(source))
            {
                return PixieScriptBundle.Parse(File.ReadAllText(source), source);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(source, e.Message, e);
        }

        throw Unavailable(source, "no such file or folder");
    }

    private static string Download(string url, CancellationToken cancellation)
    {
        try
        {
            using var response = Http.Value.GetAsync(url, cancellation).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable(url, $"the server answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase})");
            }

            return response.Content.ReadAsStringAsync(cancellation).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(url, e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw Unavailable(url, $"no answer within {DownloadTimeout.TotalSeconds:0} s", e);
        }
    }

    private static PixieScriptException Unavailable(string source, string why, Exception? inner = null) =>
        new(PixieScriptErrorKind.BundleUnavailable, $"Cannot read the script bundle {source}: {why}.", $"Point -BundlePath or ${EnvironmentVariable} at Pixie's bundle JSON (a file or URL) or at a folder laid out as Pixie's pxl_scripts.", inner)
        {
            Target = source,
        };
}
