using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Running;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// The runner's log lines and progress, written by the cmdlet on the pipeline thread: information as verbose, warnings and
/// errors of the run as warnings (a deviation is a verdict, not a cmdlet error). Nothing is written once the user has stopped the
/// pipeline.
/// </summary>
internal sealed class CmdletObserver : IExperimentObserver
{
    private const int ProgressId = 4;
    private readonly Cmdlet _cmdlet;
    private readonly PipelineDispatcher _dispatcher;
    private readonly Func<bool> _stopping;
    private readonly string _title;

    public CmdletObserver(Cmdlet cmdlet, PipelineDispatcher dispatcher, Func<bool> stopping, string title)
    {
        _cmdlet = cmdlet;
        _dispatcher = dispatcher;
        _stopping = stopping;
        _title = title;
    }

    public void Log(ExperimentLogLevel level, string message) => Write(() =>
    {
        if (level is ExperimentLogLevel.Warning or ExperimentLogLevel.Error)
        {
            _cmdlet.WriteWarning(message);
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
