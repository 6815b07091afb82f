using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// Runs work posted from the runner's threads on the pipeline thread, because <c>Write*</c>, <c>ShouldProcess</c> and
/// the runspace may only be used there: the cmdlet calls <see cref="RunUntil{T}"/>, which executes posted work until
/// the run is over.
/// </summary>
internal sealed class PipelineDispatcher : IDisposable
{
    // A request is work the runner waits for (a confirmation, a PowerShell activity); a notice is a log line or progress.
    private readonly BlockingCollection<(Action Work, bool IsRequest)> _queue = [];

    /// <summary>Posts a notice: it runs later on the pipeline thread, and is dropped once the run is over or has failed.</summary>
    public void Post(Action notice) => Add(notice, isRequest: false);

    /// <summary>Runs a function on the pipeline thread and waits for its result (called from the runner's threads).</summary>
    public T Invoke<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(
            () =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            isRequest: true);
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Executes posted work on the calling (pipeline) thread until <paramref name="run"/> is over, then returns its result.
    /// When a notice throws (a warning under <c>-WarningAction Stop</c>), <paramref name="onFailure"/> is called once,
    /// requests are still answered so that the run can end and write its journal, and the exception is thrown afterwards.
    /// </summary>
    public T RunUntil<T>(Task<T> run, Action onFailure)
    {
        run.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        ExceptionDispatchInfo? failure = null;
        foreach (var (work, isRequest) in _queue.GetConsumingEnumerable())
        {
            if (failure is not null && !isRequest)
            {
                continue;
            }

            try
            {
                work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                onFailure();
            }
        }

        // The run is over (the queue completes with it); its own exception, if any, comes after the cmdlet's failure.
        failure?.Throw();
        return run.GetAwaiter().GetResult();
    }

    public void Dispose() => _queue.Dispose();

    private void Add(Action work, bool isRequest)
    {
        try
        {
            _queue.Add((work, isRequest));
        }
        catch (InvalidOperationException)
        {
            // The run is over and the pipeline thread no longer listens; a late log line is dropped.
        }
    }
}
