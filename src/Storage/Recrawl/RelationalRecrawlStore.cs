using SentimentWatch.Core.Collection;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Recrawl;

/// <summary><see cref="IRecrawlStore"/> over the <c>posts</c> table, shared by the SQLite and PostgreSQL stores.</summary>
public abstract class RelationalRecrawlStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IRecrawlStore
{
    public Task<IReadOnlyList<long>> GetRecrawlDueAsync(string sourceId, DateTimeOffset sinceUtc, DateTimeOffset refetchedBeforeUtc, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        return Sessions.RunAsync<IReadOnlyList<long>>(async session =>
        {
            var command = session.Command(
                "SELECT id FROM posts WHERE source_id = @src AND first_seen_at >= @since AND COALESCE(recrawled_at, first_seen_at) < @before AND deleted_at IS NULL AND parent_platform_post_id IS NULL " +
                "ORDER BY last_seen_at, id LIMIT @limit")
                .With("@src", sourceId).With("@since", Dialect.Time(sinceUtc)).With("@before", Dialect.Time(refetchedBeforeUtc)).With("@limit", limit);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<long>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(r.GetInt64(0));
            }

            return ids;
        }, cancellationToken);
    }

    public Task MarkRecrawledAsync(long postId, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("UPDATE posts SET recrawled_at = @at WHERE id = @id")
            .With("@id", postId).With("@at", Dialect.Time(atUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

}
