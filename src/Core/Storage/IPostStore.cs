using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;

namespace SentimentWatch.Core.Storage;

/// <summary>
/// Durable store of collected posts, their versions, engagement snapshots and the raw HTTP exchanges behind them.
/// The embedded implementation is SQLite (SentimentWatch.Storage). All methods are safe to call concurrently.
/// </summary>
public interface IPostStore
{
    /// <summary>Stores a raw exchange and returns its id.</summary>
    Task<long> SaveExchangeAsync(HttpExchange exchange, CancellationToken cancellationToken);

    Task<HttpExchange?> GetExchangeAsync(long exchangeId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a new post or, for a known one (same source + platform post id, or same canonical URL),
    /// records an edit when title/text changed. Always appends an engagement snapshot at <paramref name="seenAtUtc"/>.
    /// Exact duplicates by content hash within the same source are reported as <see cref="PostWriteOutcome.Unchanged"/> of the earlier post.
    /// </summary>
    Task<PostWriteResult> UpsertPostAsync(CollectedPost post, DateTimeOffset seenAtUtc, CancellationToken cancellationToken);

    /// <summary>Stores a whole page's posts and the cursor in one transaction: either all of it is committed or none.</summary>
    Task<IReadOnlyList<PostWriteResult>> CommitPageAsync(
        IReadOnlyList<CollectedPost> posts, DateTimeOffset seenAtUtc, string sourceId, string? newCursor, CancellationToken cancellationToken);

    Task MarkDeletedAsync(long postId, DateTimeOffset atUtc, string reason, CancellationToken cancellationToken);

    Task<StoredPost?> GetPostAsync(long postId, CancellationToken cancellationToken);

    Task<StoredPost?> FindPostAsync(string sourceId, string platformPostId, CancellationToken cancellationToken);

    /// <summary>The post of a source stored under canonical URL <paramref name="url"/>, if any.</summary>
    Task<StoredPost?> FindPostByUrlAsync(string sourceId, Uri url, CancellationToken cancellationToken);

    /// <summary>
    /// For each item of a list page, in order: the stored post with its platform post id, else the first stored under its
    /// URL — <see cref="FindPostAsync"/> then <see cref="FindPostByUrlAsync"/> per item, in one query.
    /// </summary>
    Task<IReadOnlyList<StoredPost?>> FindKnownPostsAsync(string sourceId, IReadOnlyList<(string PlatformPostId, Uri Url)> items, CancellationToken cancellationToken);

    /// <summary>Earlier versions of a post (oldest first), the current one last.</summary>
    Task<IReadOnlyList<StoredPost>> GetPostVersionsAsync(long postId, CancellationToken cancellationToken);

    Task<IReadOnlyList<EngagementSnapshot>> GetEngagementAsync(long postId, CancellationToken cancellationToken);

    /// <summary>Posts of a source first seen at or after <paramref name="sinceUtc"/> and not deleted (for engagement refresh).</summary>
    Task<IReadOnlyList<StoredPost>> GetRecentPostsAsync(string sourceId, DateTimeOffset sinceUtc, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Posts inserted or edited after change sequence <paramref name="afterSequence"/>, in sequence order: downstream
    /// stages (classifier, alerting) follow the store with a durable checkpoint and see every new post and every edit.
    /// </summary>
    Task<IReadOnlyList<PostChange>> GetChangesAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    Task<long> CountPostsAsync(CancellationToken cancellationToken);
}

/// <summary>Durable per-source crawl cursors and per-run health.</summary>
public interface ISourceStateStore
{
    Task<string?> GetCursorAsync(string sourceId, CancellationToken cancellationToken);

    Task SetCursorAsync(string sourceId, string? cursor, CancellationToken cancellationToken);

    Task RecordRunAsync(SourceRunReport report, CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceRunReport>> GetRecentRunsAsync(string sourceId, int limit, CancellationToken cancellationToken);

    /// <summary>The source's pause (a logged-in source whose session expired), or null when it is not paused.</summary>
    Task<SourcePause?> GetPauseAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>Pauses the source, or lifts its pause with null.</summary>
    Task SetPauseAsync(string sourceId, SourcePause? pause, CancellationToken cancellationToken);

    Task<long> RaiseHealthEventAsync(string sourceId, DateTimeOffset atUtc, string kind, string message, int consecutiveFailures, CancellationToken cancellationToken);

    /// <summary>Health events with id greater than <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<CollectorHealthEvent>> GetHealthEventsAfterAsync(long afterId, int limit, CancellationToken cancellationToken);
}
