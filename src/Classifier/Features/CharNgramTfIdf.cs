using System.Runtime.InteropServices;

namespace SentimentWatch.Classifier.Features;

/// <summary>
/// The character member's representation (the linear peer's, inside our pipeline): hashed character 1..n-grams of the
/// normalised text, weighted by sublinear term frequency (1 + ln tf) × inverse document frequency and L2-normalised.
/// An n-gram does not cross whitespace, as in <see cref="FeatureExtractor"/>. The IDF table is learned from the
/// training texts and travels with the model. Thread-safe.
/// </summary>
internal sealed class CharNgramTfIdf
{
    [ThreadStatic]
    private static SlotCounts? t_counts;

    [ThreadStatic]
    private static long[]? t_keys;

    [ThreadStatic]
    private static List<uint>? t_hashes;

    private readonly int _mask;

    /// <param name="idf">One weight per hashed slot (length 2^hashBits).</param>
    public CharNgramTfIdf(int charNgramMax, float[] idf)
    {
        ArgumentNullException.ThrowIfNull(idf);
        if (charNgramMax < 1 || idf.Length == 0 || (idf.Length & (idf.Length - 1)) != 0)
        {
            throw new ArgumentException("n-gram length ≥ 1 and a power-of-two IDF table expected");
        }

        CharNgramMax = charNgramMax;
        Idf = idf;
        _mask = idf.Length - 1;
    }

    public int CharNgramMax { get; }

    public float[] Idf { get; }

    public int Dimensions => Idf.Length;

    /// <summary>
    /// Smoothed IDF per slot, ln((1 + n) / (1 + df)) + 1 (scikit-learn's): a slot no training text has gets the largest
    /// weight, ln(1 + n) + 1.
    /// </summary>
    public static float[] FitIdf(IEnumerable<string> texts, int charNgramMax, int hashBits)
    {
        var df = new int[1 << hashBits];
        var mask = df.Length - 1;
        var n = 0;
        var seen = new HashSet<int>();
        var hashes = new List<uint>();
        foreach (var text in texts)
        {
            n++;
            seen.Clear();
            hashes.Clear();
            NgramHashes(text, charNgramMax, hashes);
            foreach (var h in hashes)
            {
                seen.Add((int)(h & (uint)mask));
            }

            foreach (var slot in seen)
            {
                df[slot]++;
            }
        }

        var idf = new float[df.Length];
        for (var i = 0; i < idf.Length; i++)
        {
            idf[i] = (float)(Math.Log((1.0 + n) / (1.0 + df[i])) + 1.0);
        }

        return idf;
    }

    /// <summary>The weighted, unit-length vector of <paramref name="normalisedText"/> (indices ascending; empty for no n-gram).</summary>
    public (int[] Indices, float[] Values) Vectorise(string normalisedText)
    {
        var hashes = t_hashes ??= new List<uint>(1024);
        hashes.Clear();
        NgramHashes(normalisedText, CharNgramMax, hashes);
        return Vectorise(CollectionsMarshal.AsSpan(hashes));
    }

    /// <summary>
    /// The same vector from the text's n-gram hashes (<see cref="NgramHashes"/> at <see cref="CharNgramMax"/>, before the
    /// mask): the main model's extractor walks the same n-grams with the same hash, so the member reuses its walk.
    /// </summary>
    public (int[] Indices, float[] Values) Vectorise(ReadOnlySpan<uint> hashes)
    {
        var counts = t_counts ??= new SlotCounts();
        counts.Reset(hashes.Length);
        foreach (var h in hashes)
        {
            counts.Increment((int)(h & (uint)_mask));
        }

        // Slot and count in one 64-bit key, sorted: slots ascending, as the vector wants them.
        var n = counts.Count;
        var keys = t_keys is { } k && k.Length >= n ? k : t_keys = new long[Math.Max(n, 1024)];
        var sorted = keys.AsSpan(0, n);
        counts.CopySlotsAndCounts(sorted);
        SlotSort.BySlot(sorted);
        var indices = new int[n];
        var values = new float[n];
        var norm = 0.0;
        for (var i = 0; i < n; i++)
        {
            var slot = (int)(sorted[i] >> 32);
            var v = (1f + MathF.Log((int)(uint)sorted[i])) * Idf[slot];
            indices[i] = slot;
            values[i] = v;
            norm += (double)v * v;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
        }

        return (indices, values);
    }

    /// <summary>
    /// Appends the hash of every character 1..<paramref name="maxN"/>-gram of <paramref name="text"/> that does not cross
    /// whitespace (FNV-1a seeded with 0x63, the n-gram's length folded in), before any mask: the hashed character block of
    /// <see cref="FeatureExtractor"/> and this featuriser's slots are these values masked to their tables.
    /// </summary>
    internal static void NgramHashes(string text, int maxN, List<uint> hashes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var h = 0x63u ^ 2166136261u;
            for (var n = 1; n <= maxN && i + n <= text.Length; n++)
            {
                var c = text[i + n - 1];
                if (char.IsWhiteSpace(c))
                {
                    break;
                }

                h = (h ^ c) * 16777619u;
                hashes.Add(h ^ (uint)n);
            }
        }
    }
}
