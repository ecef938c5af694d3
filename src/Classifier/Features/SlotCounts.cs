namespace SentimentWatch.Classifier.Features;

/// <summary>
/// Counts of hashed feature slots for one post at a time: a small open-addressing table sized to the post (a few
/// kilobytes that stay in cache), where a dictionary cost a lookup per n-gram and a table as long as the slot space
/// (a megabyte) cost a cache miss per n-gram. Per thread; not thread-safe.
/// </summary>
internal sealed class SlotCounts
{
    private int[] _keys = new int[1024]; // slot + 1; 0 is empty
    private int[] _counts = new int[1024];
    private int _shift = 32 - 10;
    private readonly List<int> _used = new(512);

    /// <summary>Distinct slots counted since <see cref="Reset"/>.</summary>
    public int Count => _used.Count;

    /// <summary>Forgets every count; room for <paramref name="expected"/> distinct slots at most half full.</summary>
    public void Reset(int expected)
    {
        if (expected * 2 > _keys.Length)
        {
            var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(expected * 2));
            _keys = new int[size];
            _counts = new int[size];
            _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        }
        else
        {
            foreach (var p in _used)
            {
                _keys[p] = 0;
                _counts[p] = 0;
            }
        }

        _used.Clear();
    }

    /// <summary>Adds one to <paramref name="slot"/>'s count (slot ≥ 0) and returns the new count (1 the first time).</summary>
    public int Increment(int slot)
    {
        var key = slot + 1;
        var mask = _keys.Length - 1;
        var p = (int)(((uint)key * 0x9E3779B1u) >> _shift);
        while (true)
        {
            var k = _keys[p];
            if (k == key)
            {
                return ++_counts[p];
            }

            if (k == 0)
            {
                _keys[p] = key;
                _counts[p] = 1;
                _used.Add(p);
                return 1;
            }

            p = (p + 1) & mask;
        }
    }

    /// <summary>The counted slots with their counts, as <c>(slot &lt;&lt; 32) | count</c>, in the order first counted.</summary>
    public void CopySlotsAndCounts(Span<long> destination)
    {
        for (var i = 0; i < _used.Count; i++)
        {
            var p = _used[i];
            destination[i] = ((long)(_keys[p] - 1) << 32) | (uint)_counts[p];
        }
    }
}
