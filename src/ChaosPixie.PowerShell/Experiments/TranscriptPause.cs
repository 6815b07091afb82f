using System.Collections;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// Holds back the runspace's transcripts (Start-Transcript) while a <c>powershell</c> activity runs, and gives them
/// back afterwards. PowerShell transcribes an error as it is written and every terminating error that leaves a
/// pipeline (even one the script catches later), with its message, before the cmdlet can mask it; merging the
/// streams or ErrorAction cannot prevent that, and PowerShell has no public switch for it. So the runspace's list of
/// active transcripts (internal to PowerShell, reached by reflection) is emptied for the activity's invocation only:
/// what the cmdlet forwards, masked, after it is transcribed as before. A system-wide transcript set by policy is an
/// administrator's audit and is left alone. Should a PowerShell version lack these members, nothing is held back.
/// </summary>
internal sealed class TranscriptPause : IDisposable
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;
    private readonly IList? _transcripts;
    private readonly object?[] _held = [];

    private TranscriptPause(IList? transcripts)
    {
        _transcripts = transcripts;
        if (transcripts is { Count: > 0 })
        {
            _held = new object?[transcripts.Count];
            transcripts.CopyTo(_held, 0);
            transcripts.Clear();
        }
    }

    /// <summary>Holds back the transcripts of the runspace of the calling (pipeline) thread.</summary>
    public static TranscriptPause Begin() => new(Transcripts(Runspace.DefaultRunspace));

    // A transcript the activity started itself stays, after the ones held back.
    public void Dispose()
    {
        for (var i = 0; i < _held.Length; i++)
        {
            _transcripts!.Insert(i, _held[i]);
        }
    }

    private static IList? Transcripts(Runspace? runspace)
    {
        var data = runspace?.GetType().GetProperty("TranscriptionData", Internal)?.GetValue(runspace);
        return data?.GetType().GetProperty("Transcripts", Internal)?.GetValue(data) as IList;
    }
}
