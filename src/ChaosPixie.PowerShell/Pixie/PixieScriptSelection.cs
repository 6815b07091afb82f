using System.Collections;
using System.Management.Automation;
using ChaosPixie.Engine.Pixie.Scripts;

namespace ChaosPixie.PowerShell.Pixie;

/// <summary>
/// How Invoke-PixieScript and Get-PixieScript find a script: by name in a bundle (-Name, -BundlePath), from a
/// folder or .pxl file with its vis.json (-Path), and the check that a -Script text is not a file's path.
/// </summary>
internal static class PixieScriptSelection
{
    /// <summary>The bundle of -BundlePath (a path resolved against the user's location, or a URL), else the default one.</summary>
    public static PixieScriptBundle LoadBundle(PSCmdlet cmdlet, string? bundlePath, CancellationToken cancellation) =>
        PixieScriptBundles.Load(ResolveSource(cmdlet, bundlePath), cancellation);

    public static string? ResolveSource(PSCmdlet cmdlet, string? bundlePath) =>
        bundlePath is null || PixieScriptBundles.IsUrl(bundlePath) ? bundlePath : cmdlet.GetUnresolvedProviderPathFromPSPath(bundlePath);

    public static PixieScript FindByName(PixieScriptBundle bundle, string name)
    {
        if (bundle.Find(name) is { } script)
        {
            return script;
        }

        var leaf = name[(name.LastIndexOf('/') + 1)..];
        var similar = bundle.Scripts.Where(s => !s.Hidden && s.Name.Contains(leaf, StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).Order(StringComparer.Ordinal).Take(5).ToArray();
        throw new PixieScriptException(
            PixieScriptErrorKind.ScriptNotFound,
            $"The script bundle {bundle.Source} has no script named '{name}'{(similar.Length > 0 ? $"; similar names: {string.Join(", ", similar)}" : string.Empty)}.",
            "Get-PixieScript lists the scripts; names are case-sensitive, as px/service_stats.")
        {
            Target = name,
        };
    }

    /// <summary>A script folder (one .pxl, an optional vis.json) or a .pxl file with the vis.json beside it.</summary>
    public static PixieScript FromPath(PSCmdlet cmdlet, string path)
    {
        var full = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        try
        {
            if (Directory.Exists(full))
            {
                return PixieScriptBundle.ReadScriptFolder(full, System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(full)));
            }

            if (File.Exists(full))
            {
                return PixieScriptBundle.ReadScriptFile(full, System.IO.Path.GetFileNameWithoutExtension(full));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowTerminatingError(Errors.Create(ErrorIds.ScriptFileUnreadable, ErrorCategory.ReadError, path, $"Cannot read the PxL script '{path}': {e.Message}", innerException: e));
        }

        cmdlet.ThrowTerminatingError(Errors.Create(
            ErrorIds.ScriptFileNotFound,
            ErrorCategory.ObjectNotFound,
            path,
            $"Cannot find the PxL script '{path}'.",
            "Give a .pxl file or a folder that holds one .pxl (and optionally its vis.json)."));
        throw new System.Diagnostics.UnreachableException();
    }

    /// <summary>The error for a -Script text that is the path of an existing .pxl file; null for real PxL text.</summary>
    public static ErrorRecord? ScriptIsPath(PSCmdlet cmdlet, string script)
    {
        var text = script.Trim();
        if (text.Contains('\n', StringComparison.Ordinal) || !text.EndsWith(".pxl", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            if (!File.Exists(cmdlet.GetUnresolvedProviderPathFromPSPath(text)))
            {
                return null;
            }
        }
        catch (Exception e) when (e is ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or ArgumentException)
        {
            return null;
        }

        return Errors.Create(
            ErrorIds.ScriptIsPath,
            ErrorCategory.InvalidArgument,
            script,
            $"-Script '{text}' is the path of a PxL file, not PxL text: -Script takes the script itself.",
            $"Run the file with -Path: Invoke-PixieScript -Path {text}");
    }

    /// <summary>-Argument's hashtable as names and plain values (PowerShell's wrappers removed).</summary>
    public static IReadOnlyDictionary<string, object?> Arguments(IDictionary? arguments)
    {
        var plain = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in arguments ?? new Hashtable())
        {
            plain[entry.Key.ToString() ?? string.Empty] = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
        }

        return plain;
    }

    public static ErrorRecord ToErrorRecord(PixieScriptException e) => e.Kind switch
    {
        PixieScriptErrorKind.BundleUnavailable => Errors.Create(ErrorIds.ScriptBundleUnavailable, ErrorCategory.ResourceUnavailable, e.Target, e.Message, e.RecommendedAction, e),
        PixieScriptErrorKind.BundleInvalid => Errors.Create(ErrorIds.ScriptBundleInvalid, ErrorCategory.InvalidData, e.Target, e.Message, e.RecommendedAction, e),
        PixieScriptErrorKind.ScriptNotFound => Errors.Create(ErrorIds.ScriptNotFound, ErrorCategory.ObjectNotFound, e.Target, e.Message, e.RecommendedAction, e),
        _ => Errors.Create(ErrorIds.ScriptArgumentInvalid, ErrorCategory.InvalidArgument, e.Target, e.Message, e.RecommendedAction, e),
    };
}
