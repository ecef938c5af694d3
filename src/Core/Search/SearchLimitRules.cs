using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Search;

/// <summary>
/// The ranges of the per-search limits in section <c>Search</c> (<c>MaxResults</c>, <c>MaxCount</c>,
/// <c>SnippetChars</c>) that every search provider honours: one home, so the embedded index and Elasticsearch refuse
/// the same values with the same words.
/// </summary>
public static class SearchLimitRules
{
    public const string Section = "Search";

    public static void Check(ConfigErrors errors, int maxResults, int maxCount, int snippetChars)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Between($"{Section}:MaxResults", maxResults, 1, 10_000);
        errors.Between($"{Section}:MaxCount", maxCount, 1, 100_000_000);
        errors.Between($"{Section}:SnippetChars", snippetChars, 20, 2000);
    }
}
