using System.Collections.Concurrent;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// Runs work posted from the runner's threads on the pipeline thread, because <c>Write*</c>, <c>ShouldProcess</c> and
/// the runspace may only be used there: the cmdlet calls <see cref="RunUntil"/>, which executes posted work until the
/// run is over.
/// </summary>
internal sealed class PipelineDispatcher : IDisposable
{
    private readonly BlockingCollection<Action> _queue = [];

    public void Post(Action work)
    {
        try
        {
            _queue.Add(work);
        }
        catch (InvalidOperationException)
        {
            // The run is over and the pipeline thread no longer listens; late log lines are dropped.
        }
    }

    /// <summary>Runs a function on the pipeline thread and waits for its result (called from the runner's threads).</summary>
    public T Invoke<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>Executes posted work on the calling (pipeline) thread until <paramref name="run"/> is over, then returns its result.</summary>
    public T RunUntil<T>(Task<T> run)
    {
        run.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }

        return run.GetAwaiter().GetResult();
    }

    public void Dispose() => _queue.Dispose();
}
