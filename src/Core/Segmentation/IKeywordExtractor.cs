namespace SentimentWatch.Core.Segmentation;

/// <summary>A keyword and its TF-IDF weight.</summary>
/// <param name="Word">The keyword as segmented.</param>
/// <param name="Weight">Term frequency × inverse document frequency (jieba's <c>extract_tags</c> weight).</param>
public sealed record Keyword(string Word, double Weight);

/// <summary>Extracts the top keywords of a text (jieba-compatible TF-IDF). Implementations are thread-safe.</summary>
public interface IKeywordExtractor
{
    /// <summary>The <paramref name="topK"/> heaviest keywords, heaviest first (0 = all).</summary>
    IReadOnlyList<Keyword> Extract(string text, int topK = 20);
}
