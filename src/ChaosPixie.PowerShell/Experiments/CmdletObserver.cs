using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Running;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// The runner's log lines and progress, written by the cmdlet on the pipeline thread: information as `chaos run` logs it
/// ("[2026-11-30 12:00:00 INFO] Probe: p99-latency"), shown by default and quieted by -InformationAction
/// SilentlyContinue; details as verbose; warnings and errors of the run as warnings (a deviation is a verdict, not a
/// cmdlet error). Nothing is written once the user has stopped the pipeline.
/// </summary>
internal sealed class CmdletObserver : IExperimentObserver
{
    /// <summary>The tag of the run's log lines in the information stream, to pick them out of $InformationVariable.</summary>
    public const string LogTag = "ChaosPixie.Run";

    private const int ProgressId = 4;
    private readonly Cmdlet _cmdlet;
    private readonly PipelineDispatcher _dispatcher;
    private readonly Func<bool> _stopping;
    private readonly string _title;
    private readonly bool _informationActionGiven;

    public CmdletObserver(PSCmdlet cmdlet, PipelineDispatcher dispatcher, Func<bool> stopping, string title)
    {
        _cmdlet = cmdlet;
        _dispatcher = dispatcher;
        _stopping = stopping;
        _title = title;
        _informationActionGiven = cmdlet.MyInvocation.BoundParameters.ContainsKey("InformationAction");
    }

    public void Log(ExperimentLogLevel level, string message) => Write(() =>
    {
        if (level is ExperimentLogLevel.Warning or ExperimentLogLevel.Error)
        {
            _cmdlet.WriteWarning(message);
        }
        else if (level is ExperimentLogLevel.Information)
        {
            // Shown by default as Write-Host shows its lines (the PSHOST tag); an explicit -InformationAction decides
            // instead, as it does for Write-Host: SilentlyContinue collects the lines without showing them.
            var line = $"[{DateTime.Now:yyyy-MM-dd HH:mm:ss} INFO] {message}";
            if (_informationActionGiven)
            {
                _cmdlet.WriteInformation(line, [LogTag]);
            }
            else
            {
                _cmdlet.WriteInformation(new HostInformationMessage { Message = line }, ["PSHOST", LogTag]);
            }
        }
        else
        {
            _cmdlet.WriteVerbose(message);
        }
    });

    public void Progress(ExperimentProgress progress) => Write(() =>
    {
        var record = new ProgressRecord(ProgressId, $"Chaos experiment: {_title}", progress.Phase)
        {
            PercentComplete = progress.Total == 0 ? -1 : Math.Min(100, progress.Completed * 100 / progress.Total),
        };
        if (progress.Activity is not null)
        {
            record.CurrentOperation = progress.Activity;
        }

        _cmdlet.WriteProgress(record);
    });

    public void Complete() => Write(() =>
        _cmdlet.WriteProgress(new ProgressRecord(ProgressId, $"Chaos experiment: {_title}", "Done") { RecordType = ProgressRecordType.Completed }));

    private void Write(Action write) => _dispatcher.Post(() =>
    {
        if (!_stopping())
        {
            write();
        }
    });
}
