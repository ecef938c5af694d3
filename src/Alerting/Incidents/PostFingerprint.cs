namespace SentimentWatch.Alerting.Incidents;

/// <summary>
/// Everything the clusterer reads of a post's text, computed once: the normalised text's SimHash (long posts) or
/// MinHash signature and LSH bands (short posts), and its unit-length character-bigram vector for topic similarity.
/// Pure and thread-safe to compute, so a batch computes it on its worker threads and clusters on one.
/// </summary>
internal sealed class PostFingerprint
{
    private PostFingerprint(bool isLong, ulong simHash, ulong[]? minHash, (int Band, ulong Key)[] bands, int[] terms, double[] weights)
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

    public IReadOnlyList<(int Band, ulong Key)> Bands { get; }

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
        return new PostFingerprint(false, 0, sig, TextFingerprint.Bands(sig, options.LshBands).ToArray(), terms, weights);
    }

    /// <summary>Bigram frequencies divided by their Euclidean length, summed in first-appearance order as before.</summary>
    private static (int[] Terms, double[] Weights) UnitBigrams(string normalized)
    {
        var index = new Dictionary<int, int>();
        var terms = new List<int>();
        var counts = new List<double>();
        for (var i = 0; i + 2 <= normalized.Length; i++)
        {
            var term = (normalized[i] << 16) | normalized[i + 1];
            if (index.TryGetValue(term, out var at))
            {
                counts[at]++;
            }
            else
            {
                index[term] = terms.Count;
                terms.Add(term);
                counts.Add(1);
            }
        }

        var weights = counts.ToArray();
        var norm = Math.Sqrt(weights.Sum(x => x * x));
        if (norm != 0)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] /= norm;
            }
        }

        return (terms.ToArray(), weights);
    }
}
