namespace SentimentWatch.Alerting.Incidents;

/// <summary>Incident clustering and trend detection (<c>Alerting:Incidents</c>).</summary>
public sealed class IncidentOptions
{
    public const string Section = "Alerting:Incidents";

    /// <summary>Posts at least this long (characters) use SimHash; shorter ones use MinHash-LSH.</summary>
    public int LongTextChars { get; set; } = 200;

    /// <summary>Character shingle length for MinHash.</summary>
    public int ShingleChars { get; set; } = 3;

    /// <summary>MinHash permutations; must be divisible by <see cref="LshBands"/>.</summary>
    public int MinHashPermutations { get; set; } = 128;

    public int LshBands { get; set; } = 32;

    /// <summary>Estimated Jaccard similarity at or above which two short posts are near-duplicates.</summary>
    public double MinHashThreshold { get; set; } = 0.6;

    /// <summary>Hamming distance at or below which two 64-bit SimHashes are near-duplicates.</summary>
    public int SimHashMaxDistance { get; set; } = 3;

    /// <summary>Cosine similarity (character bigrams) at or above which a post joins an incident's topic.</summary>
    public double TopicThreshold { get; set; } = 0.45;

    /// <summary>Only incidents active within this window take new posts. Default 3.00:00:00 (72 hours), at least one hour.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Time-series bin width. Default 00:05:00, one minute to one day, whole minutes.</summary>
    public TimeSpan BinWidth { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Smoothed z-score: bins in the moving window.</summary>
    public int BurstLag { get; set; } = 12;

    /// <summary>Smoothed z-score: standard deviations that make a burst.</summary>
    public double BurstThreshold { get; set; } = 3.5;

    /// <summary>Smoothed z-score: weight (0…1) of a burst bin in the moving statistics.</summary>
    public double BurstInfluence { get; set; } = 0.3;

    /// <summary>Minimum posts in a bin for it to count as a burst.</summary>
    public int BurstMinCount { get; set; } = 10;

    /// <summary>Labels that form incidents (others are ignored by alerting); empty = every label except <c>normal</c>.</summary>
    public List<string> Labels { get; set; } = [];
}
