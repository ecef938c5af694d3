using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// <see cref="ISearchTokenizer"/> on the project's segmenter. Texts are indexed in jieba's search mode (each word and
/// the dictionary 2- and 3-grams inside it, as <c>cut_for_search</c>), so a query word found inside a longer word —
/// 答案 in 法考答案, 泄露 in 泄露事件 — matches; queries are cut in precise mode, so a query asks for the words a reader
/// means, each of which search mode also indexed. The normalised spelling (答.案 → 答案, traditional → simplified,
/// full-width → half-width, variant spellings) adds its words too, so a search finds evasion spellings the classifier
/// would see through.
/// </summary>
internal sealed class SearchTokenizer(JiebaSegmenter segmenter, ClassifierModelProvider provider) : ISearchTokenizer
{
    /// <summary>Longer queries are cut here: a query is a few words, not a pasted post.</summary>
    public const int MaxQueryChars = 1000;

    [ThreadStatic]
    private static List<string>? t_tokens;

    public void TokenizeForIndex(string text, List<string> output)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(output);
        if (text.Length == 0)
        {
            return;
        }

        var start = output.Count;
        var tokens = t_tokens ??= new List<string>(256);
        tokens.Clear();
        segmenter.Cut(text, SegmentMode.Search, tokens);
        AddWords(tokens, output, seen: null);

        var normalised = provider.Normaliser.Normalise(text).Text;
        if (!string.Equals(normalised, text, StringComparison.Ordinal))
        {
            // Only the words the original spelling lacks: a word written plainly is not counted twice by bm25.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = start; i < output.Count; i++)
            {
                seen.Add(output[i]);
            }

            tokens.Clear();
            segmenter.Cut(normalised, SegmentMode.Search, tokens);
            AddWords(tokens, output, seen);
        }
    }

    public IReadOnlyList<string> TokenizeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.Length > MaxQueryChars ? query[..MaxQueryChars] : query;
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        AddWords(segmenter.Cut(provider.Normaliser.Normalise(text).Text, SegmentMode.Default), words, seen);
        return words;
    }

    public IReadOnlyList<string> ContactValues(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return provider.Contacts.Extract(text).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
    }

    private static void AddWords(IReadOnlyList<string> tokens, List<string> output, HashSet<string>? seen)
    {
        foreach (var token in tokens)
        {
            if (IsWord(token) && (seen is null || seen.Add(token)))
            {
                output.Add(token);
            }
        }
    }

    /// <summary>A token with a letter or digit; whitespace and punctuation carry nothing to search for.</summary>
    private static bool IsWord(string token)
    {
        foreach (var c in token)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
