using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>
/// Text fingerprints for near-duplicate detection: MinHash over character shingles for short posts (SimHash is
/// unreliable on short text) and 64-bit SimHash for long ones (Manku et al.: Hamming distance ≤ 3).
/// </summary>
internal static partial class TextFingerprint
{
    /// <summary>Removes URLs, @mentions, whitespace, punctuation and symbols; folds case and full-width forms.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var s = UrlOrMention().Replace(text.Normalize(NormalizationForm.FormKC), " ");
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }

    /// <summary>Distinct character shingles of length <paramref name="k"/> (the whole text when shorter).</summary>
    public static HashSet<string> Shingles(string normalized, int k)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (normalized.Length <= k)
        {
            if (normalized.Length > 0)
            {
                set.Add(normalized);
            }

            return set;
        }

        for (var i = 0; i + k <= normalized.Length; i++)
        {
            set.Add(normalized.Substring(i, k));
        }

        return set;
    }

    /// <summary>MinHash signature: for each of <paramref name="permutations"/> seeded hashes, the minimum over the shingles.</summary>
    public static ulong[] MinHash(IReadOnlyCollection<string> shingles, int permutations)
    {
        var sig = new ulong[permutations];
        Array.Fill(sig, ulong.MaxValue);
        foreach (var shingle in shingles)
        {
            var h = Hash64(shingle);
            for (var p = 0; p < permutations; p++)
            {
                // A cheap family of hash functions from one 64-bit hash: multiply-xorshift with a per-permutation seed.
                var v = Mix(h ^ Seeds[p % Seeds.Length] ^ ((ulong)p * 0x9E3779B97F4A7C15UL));
                if (v < sig[p])
                {
                    sig[p] = v;
                }
            }
        }

        return sig;
    }

    /// <summary>
    /// The same signature as <see cref="MinHash(IReadOnlyCollection{string}, int)"/> over <see cref="Shingles"/>, computed
    /// from the shingles in place: no shingle strings, no set (a repeated shingle cannot change a minimum), and the
    /// permutations several at a time where the processor has vector instructions.
    /// </summary>
    public static ulong[] MinHash(string normalized, int k, int permutations)
    {
        var sig = new ulong[permutations];
        Array.Fill(sig, ulong.MaxValue);
        var salts = Salts(permutations);
        if (normalized.Length <= k)
        {
            if (normalized.Length > 0)
            {
                MinInto(sig, salts, Hash64(normalized));
            }

            return sig;
        }

        for (var i = 0; i + k <= normalized.Length; i++)
        {
            MinInto(sig, salts, Hash64(normalized.AsSpan(i, k)));
        }

        return sig;
    }

    private static ulong[] _salts = [];

    /// <summary>Per-permutation salt: <c>Seeds[p % 16] ^ (p × golden ratio)</c>, as <see cref="MinHash(IReadOnlyCollection{string}, int)"/> applies it.</summary>
    private static ulong[] Salts(int permutations)
    {
        var salts = _salts;
        if (salts.Length == permutations)
        {
            return salts;
        }

        salts = new ulong[permutations];
        for (var p = 0; p < permutations; p++)
        {
            salts[p] = Seeds[p % Seeds.Length] ^ ((ulong)p * 0x9E3779B97F4A7C15UL);
        }

        _salts = salts;
        return salts;
    }

    private static void MinInto(ulong[] sig, ulong[] salts, ulong h)
    {
        var p = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var hv = new Vector<ulong>(h);
            for (; p + Vector<ulong>.Count <= sig.Length; p += Vector<ulong>.Count)
            {
                var x = new Vector<ulong>(salts, p) ^ hv;
                x ^= Vector.ShiftRightLogical(x, 33);
                x *= new Vector<ulong>(0xFF51AFD7ED558CCDUL);
                x ^= Vector.ShiftRightLogical(x, 33);
                x *= new Vector<ulong>(0xC4CEB9FE1A85EC53UL);
                x ^= Vector.ShiftRightLogical(x, 33);
                Vector.Min(new Vector<ulong>(sig, p), x).CopyTo(sig, p);
            }
        }

        for (; p < sig.Length; p++)
        {
            var v = Mix(h ^ salts[p]);
            if (v < sig[p])
            {
                sig[p] = v;
            }
        }
    }

    /// <summary>Share of equal MinHash slots: an unbiased estimate of the Jaccard similarity of the shingle sets.</summary>
    public static double EstimateJaccard(ulong[] a, ulong[] b)
    {
        // Several slots at a time where the processor has vector instructions: the batch preview compares a repost with
        // every recent copy in its LSH buckets, in input order on one thread.
        var same = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length == b.Length)
        {
            var count = Vector<ulong>.Zero;
            for (; i + Vector<ulong>.Count <= a.Length; i += Vector<ulong>.Count)
            {
                // Equal lanes are all ones (-1 as a signed value): subtracting counts them.
                count -= Vector.Equals(new Vector<ulong>(a, i), new Vector<ulong>(b, i));
            }

            for (var lane = 0; lane < Vector<ulong>.Count; lane++)
            {
                same += (int)count[lane];
            }
        }

        for (; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                same++;
            }
        }

        return (double)same / a.Length;
    }

    /// <summary>Band keys for LSH: each band's rows hashed together.</summary>
    public static IEnumerable<(int Band, ulong Key)> Bands(ulong[] signature, int bands) => BandKeys(signature, bands).Select((key, b) => (b, key));

    /// <summary>As <see cref="Bands"/>, the keys in band order in one array (band <c>b</c>'s key at <c>b</c>).</summary>
    public static ulong[] BandKeys(ulong[] signature, int bands)
    {
        var keys = new ulong[bands];
        var rows = signature.Length / bands;
        for (var b = 0; b < bands; b++)
        {
            ulong key = 1469598103934665603UL;
            for (var r = 0; r < rows; r++)
            {
                key = Mix(key ^ signature[(b * rows) + r]);
            }

            keys[b] = key;
        }

        return keys;
    }

    /// <summary>64-bit SimHash over character bigrams and trigrams (weighted by frequency).</summary>
    public static ulong SimHash(string normalized)
    {
        Span<int> v = stackalloc int[64];
        for (var n = 2; n <= 3; n++)
        {
            for (var i = 0; i + n <= normalized.Length; i++)
            {
                var h = Hash64(normalized.AsSpan(i, n));
                for (var bit = 0; bit < 64; bit++)
                {
                    v[bit] += ((h >> bit) & 1) == 1 ? 1 : -1;
                }
            }
        }

        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (v[bit] > 0)
            {
                result |= 1UL << bit;
            }
        }

        return result;
    }

    public static int Hamming(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);

    /// <summary>Character-bigram term frequencies (topic similarity).</summary>
    public static Dictionary<string, double> Bigrams(string normalized)
    {
        var tf = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i + 2 <= normalized.Length; i++)
        {
            var g = normalized.Substring(i, 2);
            tf[g] = tf.GetValueOrDefault(g) + 1;
        }

        return tf;
    }

    public static double Cosine(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        double dot = 0;
        foreach (var (k, v) in small)
        {
            if (large.TryGetValue(k, out var w))
            {
                dot += v * w;
            }
        }

        var na = Math.Sqrt(a.Values.Sum(x => x * x));
        var nb = Math.Sqrt(b.Values.Sum(x => x * x));
        return dot / (na * nb);
    }

    private static readonly ulong[] Seeds = Enumerable.Range(1, 16).Select(i => Mix((ulong)i * 0xD1B54A32D192ED03UL)).ToArray();

    private static ulong Hash64(ReadOnlySpan<char> s)
    {
        // FNV-1a over UTF-16 code units, finished with a mixer: stable across processes (string.GetHashCode is not).
        ulong h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }

        return Mix(h);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    [GeneratedRegex(@"https?://\S+|www\.\S+|@[\p{L}\p{N}_\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlOrMention();

    internal static string Hex(ulong v) => v.ToString("x16", CultureInfo.InvariantCulture);

    internal static ulong Block(ulong v, int i) => (v >> (16 * i)) & 0xFFFF;

    internal static byte[] ToBytes(ulong[] sig)
    {
        var bytes = new byte[sig.Length * 8];
        for (var i = 0; i < sig.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), sig[i]);
        }

        return bytes;
    }
}
