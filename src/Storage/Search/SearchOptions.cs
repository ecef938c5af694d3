using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Search;

namespace SentimentWatch.Storage.Search;

/// <summary>Full-text search (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// <c>sqlite</c> (the embedded FTS5 index in the store) or <c>elasticsearch</c> (section
    /// <c>Search:Elasticsearch</c>, the <c>SentimentWatch.Search.Elasticsearch</c> assembly).
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Most hits one search returns (a larger <c>Limit</c> is cut to this).</summary>
    public int MaxResults { get; set; } = 500;

    /// <summary>
    /// Words are ranked by bm25 among the newest this many matching posts (then newest first): a word found in a
    /// third of a million-post store is ranked in bounded time, and the posts a duty desk looks for are recent.
    /// </summary>
    public int RankWindow { get; set; } = 5000;

    /// <summary>Matches are counted up to this many; beyond it a result says "at least" (<c>TotalIsAtLeast</c>).</summary>
    public int MaxCount { get; set; } = 10_000;

    /// <summary>Characters of post text around the first match in a hit's snippet.</summary>
    public int SnippetChars { get; set; } = 120;

    public SearchIndexerOptions Indexer { get; set; } = new();
}

/// <summary>The background indexer (section <c>Search:Indexer</c>).</summary>
public sealed class SearchIndexerOptions
{
    /// <summary>Run the indexer inside <c>sw run</c> / <c>sw demo</c>. When off, <c>sw search</c> still catches up before it searches.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Changes read and written per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>How often the indexer looks for changes when no signal woke it (another process may write the store).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait after a failed round before trying again.</summary>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Reports every bad <c>Search:*</c> key with its value at start-up.</summary>
internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var e = new ConfigErrors();
        const string S = SearchOptions.Section;
        if (!string.Equals(options.Provider, "sqlite", StringComparison.OrdinalIgnoreCase) && !string.Equals(options.Provider, "elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            e.Add($"{S}:Provider", options.Provider, "must be sqlite or elasticsearch");
        }

        SearchLimitRules.Check(e, options.MaxResults, options.MaxCount, options.SnippetChars);
        e.Between($"{S}:RankWindow", options.RankWindow, 100, 10_000_000);

        var i = options.Indexer;
        e.Between($"{S}:Indexer:BatchSize", i.BatchSize, 1, 100_000);

        if (i.PollInterval < TimeSpan.FromMilliseconds(10) || i.PollInterval > TimeSpan.FromMinutes(10))
        {
            e.Add($"{S}:Indexer:PollInterval", i.PollInterval, "must be between 00:00:00.010 and 00:10:00");
        }

        if (i.ErrorBackoff < TimeSpan.FromMilliseconds(10) || i.ErrorBackoff > TimeSpan.FromHours(1))
        {
            e.Add($"{S}:Indexer:ErrorBackoff", i.ErrorBackoff, "must be between 00:00:00.010 and 01:00:00");
        }

        return e.ToResult();
    }
}
