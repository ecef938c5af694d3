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
    private static Dictionary<int, int>? t_counts;

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
        foreach (var text in texts)
        {
            n++;
            seen.Clear();
            Ngrams(text, charNgramMax, mask, slot => seen.Add(slot));
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
        var counts = t_counts ??= new Dictionary<int, int>(256);
        counts.Clear();
        Ngrams(normalisedText, CharNgramMax, _mask, slot => CollectionsMarshal.GetValueRefOrAddDefault(counts, slot, out _)++);
        var indices = new int[counts.Count];
        var values = new float[counts.Count];
        var k = 0;
        foreach (var (slot, count) in counts)
        {
            indices[k++] = slot;
        }

        Array.Sort(indices);
        var norm = 0.0;
        for (var i = 0; i < indices.Length; i++)
        {
            var v = (1f + MathF.Log(counts[indices[i]])) * Idf[indices[i]];
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

    private static void Ngrams(string text, int maxN, int mask, Action<int> add)
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
                add((int)((h ^ (uint)n) & (uint)mask));
            }
        }
    }
}
