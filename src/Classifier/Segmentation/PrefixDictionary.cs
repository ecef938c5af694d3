using System.Numerics;
using System.Runtime.CompilerServices;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// jieba's prefix dictionary (<c>FREQ</c>) as a character trie: every key — word or prefix-only (frequency 0) — is a
/// node. First characters index a flat 64K table; deeper edges live in one open-addressing hash keyed by
/// (parent node, char), so a DAG walk costs one array read plus one probe per further character and allocates nothing.
/// Each node keeps its frequency and <c>log(freq)</c>, so a route step is one subtraction and one addition, in
/// the same order as jieba's <c>log(freq) - logtotal + route</c>.
/// Not thread-safe for writes; <see cref="JiebaSegmenter"/> guards edits.
/// </summary>
internal sealed class PrefixDictionary
{
    private readonly int[] _root = new int[65536];   // char -> node (0 = no key)
    private long[] _keys;                             // (parent << 16) | char, 0 = empty slot
    private int[] _values;                            // child node
    private int _mask;
    private int _shift;
    private int _edgeCount;
    private int[] _freq;
    private double[] _logFreq;
    private int _nodeCount = 1;                       // node 0 is the implicit root

    public PrefixDictionary(int expectedNodes = 1 << 19)
    {
        var cap = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, expectedNodes * 2));
        _keys = new long[cap];
        _values = new int[cap];
        _mask = cap - 1;
        _shift = 64 - BitOperations.Log2((uint)cap);
        _freq = new int[Math.Max(1024, expectedNodes)];
        _logFreq = new double[_freq.Length];
    }

    /// <summary>Sum of all frequencies added, duplicates and re-additions included (jieba never subtracts).</summary>
    public long Total { get; set; }

    /// <summary>Number of keys (words and prefixes).</summary>
    public int KeyCount => _nodeCount - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Root(char c) => _root[c];

    /// <summary>The child of <paramref name="node"/> along <paramref name="c"/>, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Child(int node, char c)
    {
        var key = ((long)node << 16) | c;
        var keys = _keys;
        var i = (int)((ulong)(key * -7046029254386353131L) >> _shift);
        while (true)
        {
            var k = keys[i];
            if (k == key)
            {
                return _values[i];
            }

            if (k == 0)
            {
                return 0;
            }

            i = (i + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Freq(int node) => _freq[node];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogFreq(int node) => _logFreq[node];

    /// <summary>The node of <paramref name="word"/>, or 0 when it is not a key.</summary>
    public int Find(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return 0;
        }

        var node = _root[word[0]];
        for (var i = 1; i < word.Length && node != 0; i++)
        {
            node = Child(node, word[i]);
        }

        return node;
    }

    /// <summary><c>FREQ.get(word)</c>: null when absent, 0 for a prefix-only key.</summary>
    public int? Get(ReadOnlySpan<char> word)
    {
        var node = Find(word);
        return node == 0 ? null : _freq[node];
    }

    /// <summary><c>FREQ[word] = freq</c> plus every missing prefix at 0. Does not touch <see cref="Total"/>.</summary>
    public void Set(ReadOnlySpan<char> word, int freq)
    {
        if (word.IsEmpty)
        {
            return;
        }

        ref var rootSlot = ref _root[word[0]];
        if (rootSlot == 0)
        {
            rootSlot = NewNode();
        }

        var node = rootSlot;
        for (var i = 1; i < word.Length; i++)
        {
            var child = Child(node, word[i]);
            if (child == 0)
            {
                child = NewNode();
                Insert(((long)node << 16) | word[i], child);
            }

            node = child;
        }

        _freq[node] = freq;
        _logFreq[node] = freq > 0 ? Math.Log(freq) : 0.0;
    }

    private int NewNode()
    {
        if (_nodeCount == _freq.Length)
        {
            Array.Resize(ref _freq, _freq.Length * 2);
            Array.Resize(ref _logFreq, _logFreq.Length * 2);
        }

        return _nodeCount++;
    }

    private void Insert(long key, int value)
    {
        if ((_edgeCount + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        InsertNoGrow(_keys, _values, _mask, _shift, key, value);
        _edgeCount++;
    }

    private static void InsertNoGrow(long[] keys, int[] values, int mask, int shift, long key, int value)
    {
        var i = (int)((ulong)(key * -7046029254386353131L) >> shift);
        while (keys[i] != 0)
        {
            i = (i + 1) & mask;
        }

        keys[i] = key;
        values[i] = value;
    }

    private void Grow()
    {
        var cap = _keys.Length * 2;
        var keys = new long[cap];
        var values = new int[cap];
        var mask = cap - 1;
        var shift = 64 - BitOperations.Log2((uint)cap);
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] != 0)
            {
                InsertNoGrow(keys, values, mask, shift, _keys[i], _values[i]);
            }
        }

        _keys = keys;
        _values = values;
        _mask = mask;
        _shift = shift;
    }

    /// <summary>Approximate bytes held by the tables (for the memory report).</summary>
    public long ApproximateBytes => (_root.Length * 4L) + (_keys.Length * 12L) + (_freq.Length * 12L);
}
