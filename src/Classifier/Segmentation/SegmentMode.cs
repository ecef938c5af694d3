namespace SentimentWatch.Classifier.Segmentation;

/// <summary>The segmentation modes of jieba 0.42.1.</summary>
public enum SegmentMode
{
    /// <summary>Precise mode with the HMM for unknown words: <c>jieba.cut(s)</c>.</summary>
    Default,

    /// <summary>Precise mode without the HMM: <c>jieba.cut(s, HMM=False)</c>.</summary>
    NoHmm,

    /// <summary>Full mode, every dictionary word: <c>jieba.cut(s, cut_all=True)</c>.</summary>
    Full,

    /// <summary>Search-engine mode, dictionary 2- and 3-grams before each long word: <c>jieba.cut_for_search(s)</c>.</summary>
    Search,
}

/// <summary>A token with its code-point offsets in the input, as <c>jieba.tokenize</c> yields it.</summary>
/// <param name="Word">The token text.</param>
/// <param name="Start">Start offset in Unicode code points.</param>
/// <param name="End">End offset (exclusive) in Unicode code points.</param>
public readonly record struct SegmentToken(string Word, int Start, int End);
