using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// jieba's prefix dictionary (<c>FREQ</c>) as a character trie: every key — word or prefix-only (frequency 0) — is a
/// node. First characters index a flat 64K table; deeper edges live in one open-addressing hash keyed by
/// (parent node, char) with the child packed into the same 64-bit slot, so a DAG walk costs one array read plus one probe per further character and allocates nothing.
/// Each node keeps its frequency and <c>log(freq)</c>, so a route step is one subtraction and one addition, in
/// the same order as jieba's <c>log(freq) - logtotal + route</c>.
/// Not thread-safe for writes; <see cref="JiebaSegmenter"/> guards edits.
/// </summary>
internal sealed class PrefixDictionary
{
    private readonly int[] _root;                     // char -> node (0 = no key)
    // One 64-bit slot per edge: parent (24 bits) | char (16 bits) | child (24 bits); 0 = empty. Key and value in
    // one word means a probe touches one cache line.
    private ulong[] _keys;
    private int _mask;
    private int _shift;
    private int _edgeCount;
    private int[] _freq;
    private double[] _logFreq;
    private string?[] _words;                         // node -> its word as a string, made on first use
    private int _nodeCount = 1;                       // node 0 is the implicit root

    public PrefixDictionary(int expectedNodes = 1 << 19)
    {
        _root = new int[65536];
        var cap = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, expectedNodes * 2));
        _keys = new ulong[cap];
        _mask = cap - 1;
        _shift = 64 - BitOperations.Log2((uint)cap);
        _freq = new int[Math.Max(1024, expectedNodes)];
        _logFreq = new double[_freq.Length];
        _words = new string?[_freq.Length];
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
        var key = ((ulong)node << 40) | ((ulong)c << 24);
        var keys = _keys;
        var i = Slot(key, _shift);
        while (true)
        {
            var k = keys[i];
            if ((k & KeyMask) == key)
            {
                return (int)(k & ChildMask);
            }

            if (k == 0)
            {
                return 0;
            }

            i = (i + 1) & _mask;
        }
    }

    private const ulong ChildMask = 0xFF_FFFF;
    private const ulong KeyMask = ~ChildMask;

    /// <summary>Node ids are packed in 24 bits.</summary>
    public const int MaxNodes = (1 << 24) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong key, int shift) => (int)(((key >> 24) * 0x9E3779B97F4A7C15UL) >> shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Freq(int node) => _freq[node];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogFreq(int node) => _logFreq[node];

    /// <summary>
    /// The string of the key at <paramref name="node"/> (whose text is <paramref name="text"/>), created once and then
    /// shared, so the common dictionary words of a text cost no allocation. Concurrent first uses may both create
    /// it; either equal string is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string WordString(int node, ReadOnlySpan<char> text) => _words[node] ??= new string(text);

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
                Insert(((ulong)node << 40) | ((ulong)word[i] << 24) | (uint)child);
            }

            node = child;
        }

        _freq[node] = freq;
        _logFreq[node] = freq > 0 ? Math.Log(freq) : 0.0;
    }

    private int NewNode()
    {
        if (_nodeCount >= MaxNodes)
        {
            throw new InvalidOperationException($"dictionary exceeds {MaxNodes} keys");
        }

        if (_nodeCount == _freq.Length)
        {
            Array.Resize(ref _freq, _freq.Length * 2);
            Array.Resize(ref _logFreq, _logFreq.Length * 2);
            Array.Resize(ref _words, _words.Length * 2);
        }

        return _nodeCount++;
    }

    private void Insert(ulong entry)
    {
        if ((_edgeCount + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        InsertNoGrow(_keys, _mask, _shift, entry);
        _edgeCount++;
    }

    private static void InsertNoGrow(ulong[] keys, int mask, int shift, ulong entry)
    {
        var i = Slot(entry & KeyMask, shift);
        while (keys[i] != 0)
        {
            i = (i + 1) & mask;
        }

        keys[i] = entry;
    }

    private void Grow()
    {
        var cap = _keys.Length * 2;
        var keys = new ulong[cap];
        var mask = cap - 1;
        var shift = 64 - BitOperations.Log2((uint)cap);
        foreach (var e in _keys)
        {
            if (e != 0)
            {
                InsertNoGrow(keys, mask, shift, e);
            }
        }

        _keys = keys;
        _mask = mask;
        _shift = shift;
    }

    // ------------------------------------------------------------------ snapshot
    // The tables themselves, written verbatim, so a later load is a few block copies instead of half a million hash
    // inserts. Layout (little-endian): magic, version, 32-byte source hash, total, node count, capacity, edge count,
    // root[65536], slots[capacity], freq[node count]. log(freq) is recomputed on load with the same
    // Math.Log, so route scores stay bit-identical to a dictionary parsed from text.

    private const uint SnapshotMagic = 0x424A5753; // "SWJB"
    private const int SnapshotVersion = 2;
    private const int HeaderBytes = 4 + 4 + 32 + 8 + 4 + 4 + 4;

    private PrefixDictionary(long total, int nodeCount, int edgeCount, int[] root, ulong[] keys, int[] freq)
    {
        Total = total;
        _nodeCount = nodeCount;
        _edgeCount = edgeCount;
        _root = root;
        _keys = keys;
        _mask = keys.Length - 1;
        _shift = 64 - BitOperations.Log2((uint)keys.Length);
        _freq = freq;
        _logFreq = new double[freq.Length];
        _words = new string?[freq.Length];
        for (var i = 1; i < nodeCount; i++)
        {
            _logFreq[i] = freq[i] > 0 ? Math.Log(freq[i]) : 0.0;
        }
    }

    public void WriteSnapshot(Stream stream, ReadOnlySpan<byte> sourceHash)
    {
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, SnapshotMagic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), SnapshotVersion);
        sourceHash[..32].CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), Total);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(48), _nodeCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(52), _keys.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(56), _edgeCount);
        stream.Write(header);
        stream.Write(MemoryMarshal.AsBytes(_root.AsSpan()));
        stream.Write(MemoryMarshal.AsBytes(_keys.AsSpan()));
        stream.Write(MemoryMarshal.AsBytes(_freq.AsSpan(0, _nodeCount)));
    }

    /// <summary>
    /// Reads a snapshot written by <see cref="WriteSnapshot"/> for the source with <paramref name="sourceHash"/>;
    /// null when the data is for another source, another format, or is damaged in any way that could break a lookup.
    /// </summary>
    public static PrefixDictionary? TryReadSnapshot(ReadOnlySpan<byte> data, ReadOnlySpan<byte> sourceHash)
    {
        if (!BitConverter.IsLittleEndian || data.Length < HeaderBytes
            || BinaryPrimitives.ReadUInt32LittleEndian(data) != SnapshotMagic
            || BinaryPrimitives.ReadInt32LittleEndian(data[4..]) != SnapshotVersion
            || !data.Slice(8, 32).SequenceEqual(sourceHash[..32]))
        {
            return null;
        }

        var total = BinaryPrimitives.ReadInt64LittleEndian(data[40..]);
        var nodeCount = BinaryPrimitives.ReadInt32LittleEndian(data[48..]);
        var cap = BinaryPrimitives.ReadInt32LittleEndian(data[52..]);
        var edgeCount = BinaryPrimitives.ReadInt32LittleEndian(data[56..]);
        if (total <= 0 || nodeCount < 1 || cap < 1024 || !BitOperations.IsPow2(cap) || edgeCount < 0 || edgeCount * 2L > cap
            || nodeCount > MaxNodes || data.Length != HeaderBytes + (65536L * 4) + (cap * 8L) + (nodeCount * 4L))
        {
            return null;
        }

        var p = data[HeaderBytes..];
        var root = MemoryMarshal.Cast<byte, int>(p[..(65536 * 4)]).ToArray();
        p = p[(65536 * 4)..];
        var keys = MemoryMarshal.Cast<byte, ulong>(p[..(cap * 8)]).ToArray();
        p = p[(cap * 8)..];
        var freq = new int[Math.Max(1024, nodeCount)];
        MemoryMarshal.Cast<byte, int>(p).CopyTo(freq);

        // Every stored node id must be in range, or a damaged file could make a later cut read out of bounds.
        foreach (var r in root)
        {
            if ((uint)r >= (uint)nodeCount)
            {
                return null;
            }
        }

        var edges = 0;
        for (var i = 0; i < cap; i++)
        {
            if (keys[i] != 0)
            {
                edges++;
                var child = keys[i] & ChildMask;
                if (child == 0 || child >= (ulong)nodeCount || (keys[i] >> 40) >= (ulong)nodeCount)
                {
                    return null;
                }
            }
        }

        for (var i = 0; i < nodeCount; i++)
        {
            if (freq[i] < 0)
            {
                return null;
            }
        }

        return edges == edgeCount ? new PrefixDictionary(total, nodeCount, edgeCount, root, keys, freq) : null;
    }

    /// <summary>Approximate bytes held by the tables (for the memory report).</summary>
    public long ApproximateBytes => (_root.Length * 4L) + (_keys.Length * 8L) + (_freq.Length * 20L);
}
