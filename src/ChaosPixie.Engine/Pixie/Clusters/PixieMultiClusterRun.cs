using System.Threading.Channels;

namespace ChaosPixie.Engine.Pixie.Clusters;

/// <summary>
/// One script on several clusters at once, through one client (the cluster is a field of each request): at most
/// <c>throttle</c> clusters run at a time, each on a worker thread with its own stream, resume state and tables (a
/// table name may have other relations on another Vizier version, so relations are never shared); one key pair serves
/// them all, as px's does (and one fallback key pair, made for the first cluster that refuses the first). Their rows
/// reach the caller's thread as they arrive, through a bounded queue, so memory stays flat whatever the result's size.
/// One cluster that fails ends with its own error event; the others go on.
/// </summary>
public sealed class PixieMultiClusterRun(PixieClient client, string script, PixieScriptOptions options, IReadOnlyList<PixieClusterTag> clusters, int throttle)
{
    private const int QueueCapacity = 4096;

    /// <summary>Every cluster's events as they happen, read on the caller's thread; ends when every cluster has ended.</summary>
    public IEnumerable<PixieClusterEvent> Read(CancellationToken cancellation)
    {
        var queue = Channel.CreateBounded<PixieClusterEvent>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var slots = new SemaphoreSlim(Math.Max(1, throttle));
        using var encryption = client.MakeEncryption(options, cancellation);
        var workers = clusters.Select(cluster => Task.Run(() => RunOne(cluster, encryption, queue.Writer, slots, stop.Token), CancellationToken.None)).ToArray();
        // A worker that fails for a reason other than Pixie's (a bug) ends the reading with its exception, never silently.
        _ = Task.WhenAll(workers).ContinueWith(all => queue.Writer.Complete(all.Exception?.GetBaseException()), TaskScheduler.Default);
        try
        {
            while (queue.Reader.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
            {
                while (queue.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // The caller stopped reading (an error, Ctrl+C, Select-Object -First): the clusters still running stop too.
            stop.Cancel();
            while (queue.Reader.TryRead(out _))
            {
            }

            Task.WaitAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        }
    }

    private void RunOne(PixieClusterTag cluster, Encryption.CallEncryption? encryption, ChannelWriter<PixieClusterEvent> queue, SemaphoreSlim slots, CancellationToken stop)
    {
        long rows = 0;
        try
        {
            slots.Wait(stop);
            try
            {
                using var run = client.ExecuteScript(cluster.Id, script, options with { Cluster = cluster, CallClusters = clusters }, encryption, ownsEncryption: false, stop);
                foreach (var row in run.ReadRows())
                {
                    rows++;
                    Write(queue, PixieClusterEvent.ForRow(cluster, row), stop);
                }

                while (run.TryTakeNote(out var note))
                {
                    Write(queue, PixieClusterEvent.ForNote(cluster, note), stop);
                }

                Write(queue, PixieClusterEvent.ForEnd(cluster, rows, run.Resumes, run.Tables), stop);
            }
            finally
            {
                slots.Release();
            }
        }
        catch (PixieException e)
        {
            Write(queue, PixieClusterEvent.ForError(cluster, rows, e), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static void Write(ChannelWriter<PixieClusterEvent> queue, PixieClusterEvent item, CancellationToken stop) =>
        queue.WriteAsync(item, stop).AsTask().GetAwaiter().GetResult();
}
