using System.Management.Automation;
using ChaosPixie.Engine.Pixie.Scripts;
using ChaosPixie.PowerShell.Completion;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Lists the scripts of Pixie's bundle (or -BundlePath's, or PIXIE_SCRIPT_BUNDLE's) with their description, their
/// variables and the tables they produce. The bundle is read once per session.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PixieScript")]
[OutputType(typeof(PixieScript))]
public sealed class GetPixieScriptCommand : CancellableCmdlet
{
    /// <summary>Script names; wildcards allowed. Hidden scripts are listed only by their exact name.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ScriptNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>A bundle JSON file, a folder laid out as Pixie's pxl_scripts, or a URL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BundlePath { get; set; }

    private PixieScriptBundle? _bundle;

    protected override void BeginProcessing()
    {
        try
        {
            _bundle = PixieScriptSelection.LoadBundle(this, BundlePath, StopToken);
            WriteVerbose($"{_bundle.Scripts.Count:N0} scripts from {_bundle.Source}.");
        }
        catch (PixieScriptException e)
        {
            ThrowTerminatingError(PixieScriptSelection.ToErrorRecord(e));
        }
    }

    protected override void ProcessRecord()
    {
        var sorted = _bundle!.Scripts.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        if (Name is null)
        {
            WriteObject(sorted.Where(s => !s.Hidden), enumerateCollection: true);
            return;
        }

        foreach (var name in Name)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name))
            {
                try
                {
                    WriteObject(PixieScriptSelection.FindByName(_bundle, name));
                }
                catch (PixieScriptException e)
                {
                    WriteError(PixieScriptSelection.ToErrorRecord(e));
                }

                continue;
            }

            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            WriteObject(sorted.Where(s => !s.Hidden && pattern.IsMatch(s.Name)), enumerateCollection: true);
        }
    }
}
