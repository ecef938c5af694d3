namespace SentimentWatch.Core.Segmentation;

/// <summary>
/// Turns texts into the words a full-text index stores and a query looks for. The embedded implementation is the
/// project's jieba-compatible segmenter (in the Classifier stage), composed by the host, so a search index never
/// depends on the classifier. Both methods must segment the same way: a query word is found when the index holds it.
/// Implementations are thread-safe.
/// </summary>
public interface ISearchTokenizer
{
    /// <summary>
    /// Appends the words <paramref name="text"/> is indexed under (search mode: each word and the dictionary words
    /// inside it, plus the words of its normalised spelling) to <paramref name="output"/>. Punctuation is left out.
    /// </summary>
    void TokenizeForIndex(string text, List<string> output);

    /// <summary>The words a query asks for (every one must match), in query order, without duplicates or punctuation.</summary>
    IReadOnlyList<string> TokenizeQuery(string query);

    /// <summary>
    /// The canonical values of the contacts written in <paramref name="text"/> (a QQ number, WeChat id, phone …), as
    /// the classifier stores them; empty when it names none. Lets a search for "QQ 1234 5678" find 12345678.
    /// </summary>
    IReadOnlyList<string> ContactValues(string text);
}

/// <summary>What both search providers index a field as.</summary>
public static class SearchTokenizerExtensions
{
    /// <summary>
    /// The index words of <paramref name="text"/> joined by single spaces (empty for no text), built in
    /// <paramref name="buffer"/>, which the caller reuses across fields.
    /// </summary>
    public static string IndexWords(this ISearchTokenizer tokenizer, string? text, List<string> buffer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(buffer);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        buffer.Clear();
        tokenizer.TokenizeForIndex(text, buffer);
        return string.Join(' ', buffer);
    }
}
