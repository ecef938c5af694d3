using SentimentWatch.Core.Collection;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Recrawl;

/// <summary>SQLite implementation of <see cref="IRecrawlStore"/> over the <c>posts</c> table.</summary>
public sealed class SqliteRecrawlStore(SqliteDatabase database) : IRecrawlStore
{
    public async Task<IReadOnlyList<long>> GetRecrawlDueAsync(string sourceId, DateTimeOffset sinceUtc, DateTimeOffset refetchedBeforeUtc, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id FROM posts WHERE source_id = $src AND first_seen_at >= $since AND COALESCE(recrawled_at, first_seen_at) < $before AND deleted_at IS NULL AND parent_platform_post_id IS NULL " +
            "ORDER BY last_seen_at, id LIMIT $limit")
            .With("$src", sourceId).With("$since", Sql.Time(sinceUtc)).With("$before", Sql.Time(refetchedBeforeUtc)).With("$limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    public async Task MarkRecrawledAsync(long postId, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE posts SET recrawled_at = $at WHERE id = $id")
            .With("$id", postId).With("$at", Sql.Time(atUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
