using SentimentWatch.Core.Collection;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Recrawl;

/// <summary>SQLite implementation of <see cref="IRecrawlStore"/> over the <c>posts</c> table.</summary>
public sealed class SqliteRecrawlStore(SqliteDatabase database) : IRecrawlStore
{
    public async Task<IReadOnlyList<long>> GetRecrawlDueAsync(string sourceId, DateTimeOffset sinceUtc, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id FROM posts WHERE source_id = $src AND first_seen_at >= $since AND deleted_at IS NULL AND parent_platform_post_id IS NULL " +
            "ORDER BY last_seen_at, id LIMIT $limit")
            .With("$src", sourceId).With("$since", Sql.Time(sinceUtc)).With("$limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }
}
