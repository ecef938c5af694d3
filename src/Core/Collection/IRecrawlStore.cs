namespace SentimentWatch.Core.Collection;

/// <summary>Chooses which stored posts a source run re-fetches (engagement, edits, deletions).</summary>
public interface IRecrawlStore
{
    /// <summary>
    /// Ids of a source's thread starters (posts without a parent) first seen at or after <paramref name="sinceUtc"/> and
    /// not deleted, least recently seen first, at most <paramref name="limit"/>. Replies are left out: they are refreshed
    /// with their thread, and must not use up the budget. Least recently seen first means a window holding more posts
    /// than one run's budget is refreshed in rotation rather than only its newest posts. Only posts last re-fetched (or,
    /// never re-fetched, first seen) before <paramref name="refetchedBeforeUtc"/> are due (<see cref="DateTimeOffset.MaxValue"/>: all).
    /// </summary>
    Task<IReadOnlyList<long>> GetRecrawlDueAsync(string sourceId, DateTimeOffset sinceUtc, DateTimeOffset refetchedBeforeUtc, int limit, CancellationToken cancellationToken);

    /// <summary>Records that the recrawl re-fetched (or tried to re-fetch) a post at <paramref name="atUtc"/>.</summary>
    Task MarkRecrawledAsync(long postId, DateTimeOffset atUtc, CancellationToken cancellationToken);
}
