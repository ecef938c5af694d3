using System.Runtime.InteropServices;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>
/// Everything the clusterer reads of a post's text, computed once: the normalised text's SimHash (long posts) or
/// MinHash signature and LSH bands (short posts), and its unit-length character-bigram vector for topic similarity.
/// Pure and thread-safe to compute, so a batch computes it on its worker threads and clusters on one.
/// </summary>
internal sealed class PostFingerprint
{
    private PostFingerprint(bool isLong, ulong simHash, ulong[]? minHash, ulong[] bands, int[] terms, double[] weights)
    {
        IsLong = isLong;
        SimHash = simHash;
        MinHash = minHash;
        Bands = bands;
        Terms = terms;
        Weights = weights;
        double sq = 0;
        foreach (var w in weights)
        {
            sq += w * w;
        }

        Norm = Math.Sqrt(sq);
    }

    /// <summary>True when the normalised text is at least <see cref="IncidentOptions.LongTextChars"/> long (SimHash).</summary>
    public bool IsLong { get; }

    public ulong SimHash { get; }

    /// <summary>The MinHash signature of a short, non-empty text; null otherwise.</summary>
    public ulong[]? MinHash { get; }

    /// <summary>The LSH band keys of <see cref="MinHash"/>, band by band (band <c>b</c>'s key at <c>b</c>); empty otherwise.</summary>
    public ulong[] Bands { get; }

    /// <summary>
    /// The distinct character bigrams, in order of first appearance, each as its two UTF-16 code units in one integer
    /// (the same terms as <see cref="TextFingerprint.Bigrams"/>, hashed without a string).
    /// </summary>
    public int[] Terms { get; }

    /// <summary>Each term's frequency, the vector scaled to unit length.</summary>
    public double[] Weights { get; }

    /// <summary>The vector's Euclidean length (1 up to rounding, 0 when empty).</summary>
    public double Norm { get; }

    public static PostFingerprint Of(string? text, IncidentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var normalized = TextFingerprint.Normalize(text);
        var (terms, weights) = UnitBigrams(normalized);
        if (normalized.Length >= options.LongTextChars)
        {
            return new PostFingerprint(true, TextFingerprint.SimHash(normalized), null, [], terms, weights);
        }

        if (normalized.Length == 0)
        {
            return new PostFingerprint(false, 0, null, [], terms, weights);
        }

        var sig = TextFingerprint.MinHash(normalized, options.ShingleChars, options.MinHashPermutations);
        return new PostFingerprint(false, 0, sig, TextFingerprint.BandKeys(sig, options.LshBands), terms, weights);
    }

    /// <summary>Bigram frequencies divided by their Euclidean length, summed in first-appearance order as before.</summary>
    private static (int[] Terms, double[] Weights) UnitBigrams(string normalized)
    {
        if (normalized.Length < 2)
        {
            return ([], []);
        }

        // Per-thread scratch: the batch prepares posts on its worker threads, and a fresh table and two growing lists per
        // post were most of this step's cost (allocation and collection), not the counting.
        var index = t_index ??= new Dictionary<int, int>(256);
        index.Clear();
        var terms = t_terms ??= new List<int>(256);
        terms.Clear();
        var counts = t_counts ??= new List<double>(256);
        counts.Clear();
        for (var i = 0; i + 2 <= normalized.Length; i++)
        {
            var term = (normalized[i] << 16) | normalized[i + 1];
            ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(index, term, out var seen);
            if (seen)
            {
                CollectionsMarshal.AsSpan(counts)[at]++;
            }
            else
            {
                at = terms.Count;
                terms.Add(term);
                counts.Add(1);
            }
        }

        var weights = counts.ToArray();
        double sq = 0;
        foreach (var w in weights)
        {
            sq += w * w;
        }

        var norm = Math.Sqrt(sq);
        if (norm != 0)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] /= norm;
            }
        }

        if (index.Count > 4096)
        {
            // A very long post's table is not kept for the rest of the run.
            t_index = null;
            t_terms = null;
            t_counts = null;
        }

        return (terms.ToArray(), weights);
    }

    [ThreadStatic]
    private static Dictionary<int, int>? t_index;

    [ThreadStatic]
    private static List<int>? t_terms;

    [ThreadStatic]
    private static List<double>? t_counts;
}
