using System.Security.Cryptography;
using System.Text;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Exact-duplicate fingerprint of a post: SHA-256 (lower-case hex) over its normalised title and text.
/// Normalisation (NFKC, whitespace collapsed, trimmed) makes a re-rendered page with different spacing or
/// full-width punctuation hash the same, while any change of words changes the hash.
/// </summary>
public static class ContentHash
{
    /// <summary>Hash of <paramref name="title"/> and <paramref name="text"/>; a null title hashes like an empty one.</summary>
    public static string Compute(string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = Normalise(title) + "\n" + Normalise(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    /// <summary>The normalised form the hash is taken over.</summary>
    public static string Normalise(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return "";
        }

        return HtmlText.CollapseWhitespace(s.Normalize(NormalizationForm.FormKC));
    }
}
