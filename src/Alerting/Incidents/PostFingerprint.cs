namespace SentimentWatch.Alerting.Incidents;

/// <summary>
/// Everything the clusterer reads of a post's text, computed once: the normalised text's SimHash (long posts) or
/// MinHash signature and LSH bands (short posts), and its unit-length character-bigram vector for topic similarity.
/// Pure and thread-safe to compute, so a batch computes it on its worker threads and clusters on one.
/// </summary>
internal sealed class PostFingerprint
{
    private PostFingerprint(bool isLong, ulong simHash, ulong[]? minHash, (int Band, ulong Key)[] bands, Dictionary<string, double> vector)
    {
        IsLong = isLong;
        SimHash = simHash;
        MinHash = minHash;
        Bands = bands;
        Vector = vector;
        double sq = 0;
        foreach (var v in vector.Values)
        {
            sq += v * v;
        }

        Norm = Math.Sqrt(sq);
    }

    /// <summary>True when the normalised text is at least <see cref="IncidentOptions.LongTextChars"/> long (SimHash).</summary>
    public bool IsLong { get; }

    public ulong SimHash { get; }

    /// <summary>The MinHash signature of a short, non-empty text; null otherwise.</summary>
    public ulong[]? MinHash { get; }

    public IReadOnlyList<(int Band, ulong Key)> Bands { get; }

    /// <summary>Character-bigram term frequencies scaled to unit length (empty for texts under two characters).</summary>
    public IReadOnlyDictionary<string, double> Vector { get; }

    /// <summary>The vector's Euclidean length (1 up to rounding, 0 when empty).</summary>
    public double Norm { get; }

    public static PostFingerprint Of(string? text, IncidentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var normalized = TextFingerprint.Normalize(text);
        var vector = TextFingerprint.Bigrams(normalized);
        var norm = Math.Sqrt(vector.Values.Sum(x => x * x));
        if (norm != 0)
        {
            foreach (var k in vector.Keys.ToList())
            {
                vector[k] /= norm;
            }
        }

        if (normalized.Length >= options.LongTextChars)
        {
            return new PostFingerprint(true, TextFingerprint.SimHash(normalized), null, [], vector);
        }

        if (normalized.Length == 0)
        {
            return new PostFingerprint(false, 0, null, [], vector);
        }

        var sig = TextFingerprint.MinHash(TextFingerprint.Shingles(normalized, options.ShingleChars), options.MinHashPermutations);
        return new PostFingerprint(false, 0, sig, TextFingerprint.Bands(sig, options.LshBands).ToArray(), vector);
    }
}
