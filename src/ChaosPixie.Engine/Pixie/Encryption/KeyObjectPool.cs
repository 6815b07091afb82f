using System.Collections.Concurrent;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// Objects holding a call's private key, one per decrypting thread at a time: .NET's RSA and ECDiffieHellman
/// instances are not documented as thread-safe, and making one from the key's parameters on every batch would parse
/// the key again each time. An object goes back to the pool when its batch is done; after <see cref="Dispose"/>, it
/// is disposed at once.
/// </summary>
internal sealed class KeyObjectPool<T>(Func<T> create) : IDisposable
    where T : IDisposable
{
    private readonly ConcurrentBag<T> _idle = [];
    private int _disposed;

    /// <summary>The result of <paramref name="use"/> on an object of the pool, which no other thread holds meanwhile.</summary>
    public TResult Use<TResult>(Func<T, TResult> use)
    {
        var item = _idle.TryTake(out var idle) ? idle : create();
        try
        {
            return use(item);
        }
        finally
        {
            _idle.Add(item);
            if (Volatile.Read(ref _disposed) != 0)
            {
                Drain();
            }
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var item))
        {
            item.Dispose();
        }
    }
}
