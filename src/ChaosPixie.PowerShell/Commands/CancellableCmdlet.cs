using System.Management.Automation;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// A cmdlet whose work can be cancelled by Ctrl+C: StopProcessing cancels the token that every engine call
/// takes, and the token source is disposed with the cmdlet, which also covers stopped pipelines.
/// </summary>
public abstract class CancellableCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
