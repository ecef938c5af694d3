namespace SentimentWatch.Core.Collection;

/// <summary>Chooses which stored posts a source run re-fetches (engagement, edits, deletions).</summary>
public interface IRecrawlStore
{
    /// <summary>
    /// Ids of a source's thread starters (posts without a parent) first seen at or after <paramref name="sinceUtc"/> and
    /// not deleted, least recently seen first, at most <paramref name="limit"/>. Replies are left out: they are refreshed
    /// with their thread, and must not use up the budget. Least recently seen first means a window holding more posts
    /// than one run's budget is refreshed in rotation rather than only its newest posts.
    /// </summary>
    Task<IReadOnlyList<long>> GetRecrawlDueAsync(string sourceId, DateTimeOffset sinceUtc, int limit, CancellationToken cancellationToken);
}
