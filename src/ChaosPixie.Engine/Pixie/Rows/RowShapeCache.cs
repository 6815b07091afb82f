namespace ChaosPixie.Engine.Pixie.Rows;

/// <summary>
/// The row shapes made lately, least recently used out first. Bounded so that a process that sees many distinct
/// relations keeps only the recent ones: an evicted shape's class (a collectible assembly) is freed once no table
/// or row refers to it any more.
/// </summary>
internal sealed class RowShapeCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, RowShape Shape)>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, RowShape Shape)> _recent = new();
    private readonly object _lock = new();

    public RowShape GetOrAdd(string key, Func<RowShape> create)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var found))
            {
                _recent.Remove(found);
                _recent.AddFirst(found);
                return found.Value.Shape;
            }
        }

        // Made outside the lock: two runspaces may make the same shape at once; the first one stored wins.
        var shape = create();
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var raced))
            {
                return raced.Value.Shape;
            }

            _byKey.Add(key, _recent.AddFirst((key, shape)));
            if (_byKey.Count > capacity)
            {
                _byKey.Remove(_recent.Last!.Value.Key);
                _recent.RemoveLast();
            }

            return shape;
        }
    }
}
