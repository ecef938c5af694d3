using System.Globalization;
using System.Runtime.CompilerServices;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// A token-for-token reimplementation of jieba 0.42.1 (<c>jieba.Tokenizer</c>): precise mode with and without the
/// HMM, full mode, search mode, <c>tokenize</c>, and the user-dictionary operations <c>load_userdict</c>,
/// <c>add_word</c>, <c>del_word</c> and <c>suggest_freq</c>.
/// </summary>
/// <remarks>
/// Cutting is safe from any number of threads at once. Dictionary edits take an exclusive lock, so they are safe
/// too, but they briefly stall concurrent cuts. One deliberate difference from Python: jieba keeps the set of
/// force-split words (words deleted with <c>del_word</c>) global to the process; here it belongs to the segmenter, so
/// editing one dictionary never changes another segmenter's output.
/// </remarks>
public sealed class JiebaSegmenter : ITextSegmenter
{
    private const int ScratchKeep = 1 << 20;

    private readonly PrefixDictionary _dict;
    private readonly HmmModel _hmm;
    private readonly HashSet<string> _forceSplit = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _forceSplitLookup;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private double _logTotal;

    [ThreadStatic]
    private static Scratch? t_scratch;

    internal JiebaSegmenter(PrefixDictionary dict, HmmModel hmm)
    {
        _dict = dict;
        _hmm = hmm;
        _logTotal = Math.Log(dict.Total);
        _forceSplitLookup = _forceSplit.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Loads jieba's dictionary and HMM tables. Each path may name the plain file or its gzip-compressed form
    /// (<c>.gz</c>).
    /// </summary>
    /// <param name="dictionaryPath">jieba's <c>dict.txt</c> or <c>dict.txt.gz</c>.</param>
    /// <param name="hmmPath"><c>finalseg_hmm.json</c> or its <c>.gz</c>.</param>
    /// <param name="cacheDirectory">
    /// Where to keep a binary snapshot of the built dictionary (keyed by the dictionary file's hash) so later loads
    /// skip parsing; null to always parse.
    /// </param>
    /// <exception cref="InvalidDataException">A file is malformed; the message names the file, line and reason.</exception>
    public static JiebaSegmenter Load(string dictionaryPath, string hmmPath, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(dictionaryPath);
        ArgumentNullException.ThrowIfNull(hmmPath);
        HmmModel hmm;
        using (var hs = GzipModelFiles.OpenRead(hmmPath))
        {
            hmm = HmmModel.Load(hs);
        }

        var dict = DictionaryLoader.LoadMain(dictionaryPath, cacheDirectory);
        return new JiebaSegmenter(dict, hmm);
    }

    /// <summary>
    /// Loads <c>dict.txt[.gz]</c> and <c>finalseg_hmm.json[.gz]</c> from <paramref name="modelDirectory"/>, with an
    /// optional snapshot cache as in <see cref="Load"/>.
    /// </summary>
    public static JiebaSegmenter LoadFromDirectory(string modelDirectory, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        return Load(GzipModelFiles.Resolve(modelDirectory, "dict.txt"), GzipModelFiles.Resolve(modelDirectory, "finalseg_hmm.json"), cacheDirectory);
    }

    /// <summary>jieba's <c>total</c>: the sum of every frequency ever added (never decreases).</summary>
    public long Total
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _dict.Total;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Number of dictionary keys, prefixes included (jieba's <c>len(FREQ)</c>).</summary>
    public int KeyCount => _dict.KeyCount;

    internal long ApproximateBytes => _dict.ApproximateBytes + (4L * 65536 * 8);

    /// <inheritdoc />
    public IReadOnlyList<string> Cut(string text) => Cut(text, SegmentMode.Default);

    /// <summary>Segments <paramref name="text"/> in <paramref name="mode"/>.</summary>
    public IReadOnlyList<string> Cut(string text, SegmentMode mode)
    {
        var list = new List<string>();
        Cut(text, mode, list);
        return list;
    }

    /// <summary>Segments <paramref name="text"/> in <paramref name="mode"/>, appending the tokens to <paramref name="output"/>.</summary>
    public void Cut(string text, SegmentMode mode, List<string> output)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(output);
        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            CutCore(text, mode, sc);
            Materialize(text, sc.Tokens, output);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        sc.Release();
    }

    /// <summary>
    /// Counts the tokens of <paramref name="text"/> without creating strings: the allocation-free path used by the
    /// throughput benchmark and by callers that only need boundaries.
    /// </summary>
    public int CountTokens(ReadOnlySpan<char> text, SegmentMode mode)
    {
        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            CutCore(text, mode, sc);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var n = sc.Tokens.Count;
        sc.Release();
        return n;
    }

    /// <summary>
    /// <c>jieba.tokenize</c>: tokens with code-point offsets. <paramref name="mode"/> is <see cref="SegmentMode.Default"/>,
    /// <see cref="SegmentMode.NoHmm"/> (<c>HMM=False</c>) or <see cref="SegmentMode.Search"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="SegmentMode.Full"/>, which jieba's tokenize does not offer.</exception>
    public IReadOnlyList<SegmentToken> Tokenize(string text, SegmentMode mode = SegmentMode.Default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (mode == SegmentMode.Full)
        {
            throw new ArgumentException("tokenize supports Default, NoHmm and Search modes (jieba has no full-mode tokenize)", nameof(mode));
        }

        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            CutCore(text, mode, sc);
            return ToSegmentTokens(text, sc);
        }
        finally
        {
            _lock.ExitReadLock();
            sc.Release();
        }
    }

    private List<SegmentToken> ToSegmentTokens(string text, Scratch sc)
    {
        var tb = sc.Tokens;
        var result = new List<SegmentToken>(tb.Count);
        var hasSurrogates = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
        int[]? cp = null;
        if (hasSurrogates)
        {
            // Map char index -> code-point index; only texts with astral characters pay for this.
            cp = new int[text.Length + 1];
            var k = 0;
            for (var i = 0; i < text.Length; i++)
            {
                cp[i] = k;
                if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
                {
                    k++;
                }
                else
                {
                    cp[++i] = k;
                    k++;
                }
            }

            cp[text.Length] = k;
        }

        for (var i = 0; i < tb.Count; i++)
        {
            var s = tb.Starts[i];
            var e = s + tb.Lengths[i];
            var word = TokenString(text, tb, i);
            result.Add(cp is null ? new SegmentToken(word, s, e) : new SegmentToken(word, cp[s], cp[e]));
        }

        return result;
    }

    /// <summary><c>FREQ.get(word)</c>: null when <paramref name="word"/> is not a key, 0 for a prefix-only key.</summary>
    public int? GetFrequency(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        _lock.EnterReadLock();
        try
        {
            return _dict.Get(word);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// <c>add_word(word, freq, tag)</c>: with no <paramref name="frequency"/> the word gets
    /// <c>suggest_freq(word)</c>, just enough to be kept whole. Returns the frequency set.
    /// </summary>
    public int AddWord(string word, int? frequency = null)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (frequency < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "frequency must be zero or positive");
        }

        _lock.EnterWriteLock();
        try
        {
            return AddWordCore(word, frequency);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary><c>del_word(word)</c>: <c>add_word(word, 0)</c>; the HMM will also never produce the word again.</summary>
    public int DeleteWord(string word) => AddWord(word, 0);

    /// <summary>
    /// <c>suggest_freq(word, tune)</c> for a string: the frequency that keeps <paramref name="word"/> whole; with
    /// <paramref name="tune"/> the word is added with it.
    /// </summary>
    public int SuggestFrequency(string word, bool tune)
    {
        ArgumentNullException.ThrowIfNull(word);
        _lock.EnterWriteLock();
        try
        {
            var result = SuggestKeepWhole(word);
            if (tune)
            {
                AddWordCore(word, result);
            }

            return result;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// <c>suggest_freq((part, part, …), tune)</c>: the frequency that makes the concatenation split into
    /// <paramref name="parts"/>; with <paramref name="tune"/> the joined word is added with it.
    /// </summary>
    public int SuggestFrequency(IReadOnlyList<string> parts, bool tune)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _lock.EnterWriteLock();
        try
        {
            var ftotal = (double)_dict.Total;
            var freq = 1.0;
            foreach (var seg in parts)
            {
                var f = _dict.Get(seg) ?? 1;
                freq *= f / ftotal;
            }

            var word = string.Concat(parts);
            var result = (int)Math.Min(TruncToLong(freq * _dict.Total), _dict.Get(word) ?? 0);
            if (tune)
            {
                AddWordCore(word, result);
            }

            return result;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// <c>load_userdict(path)</c>. The file is checked as a whole first: if any line is malformed nothing is applied
    /// and <see cref="UserDictionaryException"/> lists every bad line (file, line number, reason).
    /// </summary>
    public void LoadUserDictionary(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = GzipModelFiles.OpenRead(path);
        LoadUserDictionary(stream, path);
    }

    /// <summary><c>load_userdict</c> from a stream; <paramref name="name"/> is used in error messages.</summary>
    public void LoadUserDictionary(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var entries = UserDictionaryParser.Parse(stream, name);
        _lock.EnterWriteLock();
        try
        {
            foreach (var e in entries)
            {
                AddWordCore(e.Word, e.Frequency);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private int AddWordCore(string word, int? frequency)
    {
        var freq = frequency ?? SuggestKeepWhole(word);
        _dict.Set(word, freq);
        _dict.Total += freq;
        _logTotal = Math.Log(_dict.Total);
        if (freq == 0)
        {
            _forceSplit.Add(word);
        }

        return freq;
    }

    // suggest_freq(word, tune=False) while the write lock is already held.
    private int SuggestKeepWhole(string word)
    {
        var ftotal = (double)_dict.Total;
        var freq = 1.0;
        var sc = t_scratch ??= new Scratch();
        CutCore(word, SegmentMode.NoHmm, sc);
        var tb = sc.Tokens;
        for (var i = 0; i < tb.Count; i++)
        {
            var f = _dict.Get(tb.Owned[i] ?? word.AsSpan(tb.Starts[i], tb.Lengths[i])) ?? 1;
            freq *= f / ftotal;
        }

        sc.Release();
        return (int)Math.Max(TruncToLong(freq * _dict.Total) + 1, _dict.Get(word) ?? 1);
    }

    // Python int(x) on a float truncates toward zero; the products here are small and non-negative.
    private static long TruncToLong(double x) => x >= long.MaxValue ? long.MaxValue : (long)x;

    private void Materialize(string text, TokenBuffer tb, List<string> output)
    {
        if (output.Capacity < output.Count + tb.Count)
        {
            output.Capacity = output.Count + tb.Count;
        }

        for (var i = 0; i < tb.Count; i++)
        {
            output.Add(TokenString(text, tb, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private string TokenString(string text, TokenBuffer tb, int i)
    {
        var owned = tb.Owned[i];
        if (owned is not null)
        {
            return owned;
        }

        var len = tb.Lengths[i];
        var node = tb.Nodes[i];
        return len switch
        {
            0 => string.Empty,
            1 => SingleChars.Get(text[tb.Starts[i]]),
            _ when node != 0 => _dict.WordString(node, text.AsSpan(tb.Starts[i], len)),
            _ => len == text.Length ? text : text.Substring(tb.Starts[i], len),
        };
    }

    // ---------------------------------------------------------------- top level (jieba.Tokenizer.cut, §2)

    private void CutCore(ReadOnlySpan<char> s, SegmentMode mode, Scratch sc)
    {
        sc.Tokens.Clear();
        var n = s.Length;
        var i = 0;
        while (i < n)
        {
            var j = i + 1;
            if (CharClass.IsBlock(s[i]))
            {
                while (j < n && CharClass.IsBlock(s[j]))
                {
                    j++;
                }

                switch (mode)
                {
                    case SegmentMode.Default:
                        CutBlockHmm(s, i, j, sc, search: false);
                        break;
                    case SegmentMode.Search:
                        CutBlockHmm(s, i, j, sc, search: true);
                        break;
                    case SegmentMode.NoHmm:
                        CutBlockNoHmm(s, i, j, sc);
                        break;
                    default:
                        CutBlockAll(s, i, j, sc);
                        break;
                }
            }
            else
            {
                while (j < n && !CharClass.IsBlock(s[j]))
                {
                    j++;
                }

                CutNonBlock(s, i, j, sc.Tokens, mode == SegmentMode.Full);
            }

            i = j;
        }
    }

    // A non-block run is split on "\r\n" or one whitespace char; separators are tokens, the pieces between them are
    // cut one code point at a time, or (full mode) emitted whole — even when empty.
    private static void CutNonBlock(ReadOnlySpan<char> s, int start, int end, TokenBuffer tb, bool whole)
    {
        var pieceStart = start;
        var i = start;
        while (i < end)
        {
            var c = s[i];
            if (!CharClass.IsSpace(c))
            {
                i++;
                continue;
            }

            EmitPiece(s, pieceStart, i, tb, whole);
            var sepLen = c == '\r' && i + 1 < end && s[i + 1] == '\n' ? 2 : 1;
            tb.Add(i, sepLen);
            i += sepLen;
            pieceStart = i;
        }

        EmitPiece(s, pieceStart, end, tb, whole);
    }

    private static void EmitPiece(ReadOnlySpan<char> s, int start, int end, TokenBuffer tb, bool whole)
    {
        if (whole)
        {
            tb.Add(start, end - start);
            return;
        }

        var i = start;
        while (i < end)
        {
            var len = char.IsHighSurrogate(s[i]) && i + 1 < end && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            tb.Add(i, len);
            i += len;
        }
    }

    // ---------------------------------------------------------------- route (calc, §4)

    // Best route over s[start..end) right to left: route[x] = max over dictionary words w = s[x..y] of
    // (log(freq(w)) - logtotal) + route[y+1], ties to the longer word; no word -> the single char at log(1) = 0.
    private void CalcRoute(ReadOnlySpan<char> s, int start, int end, Scratch sc)
    {
        var n = end - start;
        sc.EnsureRoute(n + 1);
        var score = sc.Score;
        var next = sc.Next;
        var nodes = sc.RouteNode;
        var dict = _dict;
        var logTotal = _logTotal;
        score[n] = 0.0;
        for (var idx = n - 1; idx >= 0; idx--)
        {
            var best = double.NegativeInfinity;
            var bestEnd = -1;
            var bestNode = 0;
            var node = dict.Root(s[start + idx]);
            var i = idx;
            while (node != 0)
            {
                if (dict.Freq(node) > 0)
                {
                    var cand = (dict.LogFreq(node) - logTotal) + score[i + 1];
                    if (cand >= best)
                    {
                        best = cand;
                        bestEnd = i;
                        bestNode = node;
                    }
                }

                i++;
                if (i >= n)
                {
                    break;
                }

                node = dict.Child(node, s[start + i]);
            }

            if (bestEnd < 0)
            {
                best = (0.0 - logTotal) + score[idx + 1];
                bestEnd = idx;
            }

            score[idx] = best;
            next[idx] = bestEnd + 1;
            nodes[idx] = bestNode;
        }
    }

    // ---------------------------------------------------------------- default / search (__cut_DAG, §5)

    private void CutBlockHmm(ReadOnlySpan<char> s, int start, int end, Scratch sc, bool search)
    {
        CalcRoute(s, start, end, sc);
        var next = sc.Next;
        var n = end - start;
        var x = 0;
        var buf = -1;
        while (x < n)
        {
            var y = next[x];
            if (y - x == 1)
            {
                if (buf < 0)
                {
                    buf = x;
                }
            }
            else
            {
                if (buf >= 0)
                {
                    FlushHmm(s, start + buf, start + x, sc, search);
                    buf = -1;
                }

                EmitWord(s, start + x, y - x, sc.Tokens, search, sc.RouteNode[x]);
            }

            x = y;
        }

        if (buf >= 0)
        {
            FlushHmm(s, start + buf, end, sc, search);
        }
    }

    private void FlushHmm(ReadOnlySpan<char> s, int a, int b, Scratch sc, bool search)
    {
        var len = b - a;
        if (len == 1)
        {
            sc.Tokens.Add(a, 1);
            return;
        }

        var node = _dict.Find(s[a..b]);
        if (node == 0 || _dict.Freq(node) == 0)
        {
            CutHmm(s, a, b, sc, search);
            return;
        }

        // The buffered run is itself a word but the route preferred single chars: emit them singly, no HMM.
        for (var i = a; i < b; i++)
        {
            sc.Tokens.Add(i, 1);
        }
    }

    // Search mode: every dictionary 2-gram, then every 3-gram, of a longer word, then the word (§9).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitWord(ReadOnlySpan<char> s, int start, int len, TokenBuffer tb, bool search, int node = 0)
    {
        if (search && len > 2)
        {
            EmitNgrams(s, start, len, tb);
        }

        tb.Add(start, len, node);
    }

    private void EmitNgrams(ReadOnlySpan<char> s, int start, int len, TokenBuffer tb)
    {
        for (var i = 0; i + 2 <= len; i++)
        {
            var node = _dict.Root(s[start + i]);
            if (node != 0)
            {
                node = _dict.Child(node, s[start + i + 1]);
                if (node != 0 && _dict.Freq(node) > 0)
                {
                    tb.Add(start + i, 2, node);
                }
            }
        }

        if (len > 3)
        {
            for (var i = 0; i + 3 <= len; i++)
            {
                var node = _dict.Root(s[start + i]);
                if (node != 0)
                {
                    node = _dict.Child(node, s[start + i + 1]);
                    if (node != 0)
                    {
                        node = _dict.Child(node, s[start + i + 2]);
                        if (node != 0 && _dict.Freq(node) > 0)
                        {
                            tb.Add(start + i, 3, node);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- HMM (finalseg.cut, §6)

    private void CutHmm(ReadOnlySpan<char> s, int a, int b, Scratch sc, bool search)
    {
        var i = a;
        while (i < b)
        {
            var j = i + 1;
            if (CharClass.IsHan(s[i]))
            {
                while (j < b && CharClass.IsHan(s[j]))
                {
                    j++;
                }

                ViterbiCut(s, i, j, sc, search);
            }
            else
            {
                while (j < b && !CharClass.IsHan(s[j]))
                {
                    j++;
                }

                SkipSplit(s, i, j, sc.Tokens, search);
            }

            i = j;
        }
    }

    private void ViterbiCut(ReadOnlySpan<char> s, int a, int b, Scratch sc, bool search)
    {
        var n = b - a;
        sc.EnsureHmm(n);
        var path = sc.Path.AsSpan(0, n);
        _hmm.Viterbi(s[a..b], path, sc.Back.AsSpan(0, n));
        var begin = 0;
        var nexti = 0;
        for (var i = 0; i < n; i++)
        {
            switch (path[i])
            {
                case HmmModel.StateB:
                    begin = i;
                    break;
                case HmmModel.StateE:
                    EmitHmmWord(s, a + begin, i + 1 - begin, sc.Tokens, search);
                    nexti = i + 1;
                    break;
                case HmmModel.StateS:
                    sc.Tokens.Add(a + i, 1);
                    nexti = i + 1;
                    break;
            }
        }

        if (nexti < n)
        {
            EmitHmmWord(s, a + nexti, n - nexti, sc.Tokens, search);
        }
    }

    private void EmitHmmWord(ReadOnlySpan<char> s, int start, int len, TokenBuffer tb, bool search)
    {
        if (_forceSplit.Count > 0 && _forceSplitLookup.Contains(s.Slice(start, len)))
        {
            for (var i = 0; i < len; i++)
            {
                tb.Add(start + i, 1);
            }

            return;
        }

        EmitWord(s, start, len, tb, search);
    }

    // re_skip = [a-zA-Z0-9]+(?:\.\d+)?%? : matches and the text between them are emitted whole when non-empty.
    private void SkipSplit(ReadOnlySpan<char> s, int a, int b, TokenBuffer tb, bool search)
    {
        var gap = a;
        var i = a;
        while (i < b)
        {
            if (!CharClass.IsAsciiAlnum(s[i]))
            {
                i++;
                continue;
            }

            var m = i + 1;
            while (m < b && CharClass.IsAsciiAlnum(s[m]))
            {
                m++;
            }

            if (m + 1 < b && s[m] == '.' && CharClass.IsAsciiDigit(s[m + 1]))
            {
                m += 2;
                while (m < b && CharClass.IsAsciiDigit(s[m]))
                {
                    m++;
                }
            }

            if (m < b && s[m] == '%')
            {
                m++;
            }

            if (i > gap)
            {
                EmitWord(s, gap, i - gap, tb, search);
            }

            EmitWord(s, i, m - i, tb, search);
            i = m;
            gap = m;
        }

        if (b > gap)
        {
            EmitWord(s, gap, b - gap, tb, search);
        }
    }

    // ---------------------------------------------------------------- no HMM (§7)

    private void CutBlockNoHmm(ReadOnlySpan<char> s, int start, int end, Scratch sc)
    {
        CalcRoute(s, start, end, sc);
        var next = sc.Next;
        var tb = sc.Tokens;
        var n = end - start;
        var x = 0;
        var buf = -1;
        while (x < n)
        {
            var y = next[x];
            if (y - x == 1 && CharClass.IsAsciiAlnum(s[start + x]))
            {
                if (buf < 0)
                {
                    buf = x;
                }
            }
            else
            {
                if (buf >= 0)
                {
                    tb.Add(start + buf, x - buf);
                    buf = -1;
                }

                tb.Add(start + x, y - x, sc.RouteNode[x]);
            }

            x = y;
        }

        if (buf >= 0)
        {
            tb.Add(start + buf, n - buf);
        }
    }

    // ---------------------------------------------------------------- full mode (__cut_all, §8)

    private void CutBlockAll(ReadOnlySpan<char> s, int start, int end, Scratch sc)
    {
        var tb = sc.Tokens;
        var dict = _dict;
        var n = end - start;
        var ends = sc.DagEnds;
        var oldJ = -1;
        var engScan = false;
        var eng = sc.Eng;
        eng.Clear();
        for (var k = 0; k < n; k++)
        {
            // DAG[k]: ascending inclusive ends of the real words starting at k, else [k].
            ends.Clear();
            var node = dict.Root(s[start + k]);
            var i = k;
            while (node != 0)
            {
                if (dict.Freq(node) > 0)
                {
                    ends.Add(i);
                }

                i++;
                if (i >= n)
                {
                    break;
                }

                node = dict.Child(node, s[start + i]);
            }

            if (ends.Count == 0)
            {
                ends.Add(k);
            }

            if (engScan && !CharClass.IsAsciiAlnum(s[start + k]))
            {
                engScan = false;
                FlushEng(s, eng, tb);
            }

            if (ends.Count == 1 && k > oldJ)
            {
                var wordEnd = ends[0];
                if (CharClass.IsAsciiAlnum(s[start + k]))
                {
                    if (!engScan)
                    {
                        engScan = true;
                        eng.Clear();
                    }

                    eng.Add((start + k, wordEnd - k + 1));
                }

                if (!engScan)
                {
                    tb.Add(start + k, wordEnd - k + 1);
                }

                oldJ = wordEnd;
            }
            else
            {
                foreach (var j in ends)
                {
                    if (j > k)
                    {
                        tb.Add(start + k, j - k + 1);
                        oldJ = j;
                    }
                }
            }
        }

        if (engScan)
        {
            FlushEng(s, eng, tb);
        }
    }

    private static void FlushEng(ReadOnlySpan<char> s, List<(int Start, int Length)> eng, TokenBuffer tb)
    {
        var contiguous = true;
        var total = eng[0].Length;
        for (var i = 1; i < eng.Count; i++)
        {
            contiguous &= eng[i].Start == eng[i - 1].Start + eng[i - 1].Length;
            total += eng[i].Length;
        }

        if (contiguous)
        {
            tb.Add(eng[0].Start, total);
        }
        else
        {
            var chars = new char[total];
            var p = 0;
            foreach (var (st, len) in eng)
            {
                s.Slice(st, len).CopyTo(chars.AsSpan(p));
                p += len;
            }

            tb.AddOwned(new string(chars), eng[0].Start);
        }

        eng.Clear();
    }

    /// <summary>Per-thread working memory, reused across calls so the hot path does not allocate.</summary>
    private sealed class Scratch
    {
        public double[] Score = new double[1024];
        public int[] Next = new int[1024];
        public int[] RouteNode = new int[1024];
        public byte[] Path = new byte[256];
        public byte[] Back = new byte[256];
        public readonly TokenBuffer Tokens = new();
        public readonly List<int> DagEnds = new(16);
        public readonly List<(int Start, int Length)> Eng = new(16);

        public void EnsureRoute(int n)
        {
            if (Score.Length < n)
            {
                var size = Math.Max(n, Score.Length * 2);
                Score = new double[size];
                Next = new int[size];
                RouteNode = new int[size];
            }
        }

        public void EnsureHmm(int n)
        {
            if (Path.Length < n)
            {
                var size = Math.Max(n, Path.Length * 2);
                Path = new byte[size];
                Back = new byte[size];
            }
        }

        // After an unusually large input, give the memory back rather than keep it for the thread's lifetime.
        public void Release()
        {
            Tokens.Clear();
            Tokens.Trim(ScratchKeep);
            if (Score.Length > ScratchKeep)
            {
                Score = new double[1024];
                Next = new int[1024];
                RouteNode = new int[1024];
            }

            if (Path.Length > ScratchKeep)
            {
                Path = new byte[256];
                Back = new byte[256];
            }
        }
    }

    /// <summary>Diagnostic text, e.g. for <c>sw segment --stats</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"jieba segmenter: {_dict.KeyCount} keys, total {_dict.Total}");
}
