using System.Collections;
using ChaosPixie.Engine.Pixie.Scripts;

namespace ChaosPixie.PowerShell.Completion;

/// <summary>
/// The script bundle a command line names, for completion, which never calls the network: a bundle already read in
/// this process, or a local bundle file or folder (-BundlePath, or PIXIE_SCRIPT_BUNDLE), read now.
/// </summary>
internal static class ScriptBundleAtHand
{
    public static PixieScriptBundle? Get(IDictionary? fakeBoundParameters)
    {
        var source = fakeBoundParameters?["BundlePath"] as string;
        if (source is not null && !PixieScriptBundles.IsUrl(source) && !Path.IsPathRooted(source))
        {
            source = ScriptAtHand.CurrentLocation() is { } location ? Path.GetFullPath(source, location) : null;
            if (source is null)
            {
                return null;
            }
        }

        if (PixieScriptBundles.Cached(source) is { } cached)
        {
            return cached;
        }

        var chosen = PixieScriptBundles.Choose(source);
        if (chosen is null || PixieScriptBundles.IsUrl(chosen))
        {
            return null;
        }

        try
        {
            return PixieScriptBundles.Load(chosen, CancellationToken.None);
        }
        catch (PixieScriptException)
        {
            return null;
        }
    }
}
