using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Core.Search;

/// <summary>How a typed contact is looked up, the same for every search provider.</summary>
public static class ContactQuery
{
    /// <summary>
    /// The values a typed contact may be stored under: what the classifier's contact extraction makes of it, the text
    /// as typed (trimmed), lower-cased, and — for a number written with spaces, dashes or a +86 prefix — its digits.
    /// </summary>
    public static IReadOnlyList<string> Candidates(ISearchTokenizer tokenizer, string contact)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(contact);
        var typed = contact.Trim();
        var candidates = new List<string>(tokenizer.ContactValues(typed)) { typed, typed.ToLowerInvariant() };
        if (typed.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '+' or '(' or ')'))
        {
            var digits = new string(typed.Where(char.IsAsciiDigit).ToArray());
            candidates.Add(digits);
            if (digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal))
            {
                candidates.Add(digits[2..]);
            }
        }

        return candidates.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }
}
