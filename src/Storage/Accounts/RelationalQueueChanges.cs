using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Accounts;

/// <summary>
/// <see cref="IQueueChanges"/> on a SQL engine: table <c>console_queue_changes</c>, written by triggers (SQLite
/// migration 0601, PostgreSQL 0600, whose triggers append under the feed's advisory lock so sequence order is commit
/// order), shared by the SQLite and PostgreSQL stores.
/// </summary>
public abstract class RelationalQueueChanges(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IQueueChanges
{
    public Task<long> PositionAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("SELECT COALESCE(MAX(seq), 0) FROM console_queue_changes").ScalarLongAsync(cancellationToken), cancellationToken);

    public Task<QueueChangeBatch> ReadSinceAsync(long after, int limit, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            var alerts = new HashSet<long>();
            var incidents = new HashSet<long>();
            var position = after;
            var rows = 0;
            // The oldest row kept tells whether the rows just after the reader's position were pruned.
            await using var r = await session.Command(
                    "SELECT seq, kind, ref, (SELECT MIN(seq) FROM console_queue_changes) FROM console_queue_changes WHERE seq > @after ORDER BY seq LIMIT @n")
                .With("@after", after).With("@n", limit + 1)
                .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (rows == 0 && r.GetInt64(3) > after + 1)
                {
                    return new QueueChangeBatch(after, [], [], More: false, Gap: true);
                }

                if (++rows > limit)
                {
                    return new QueueChangeBatch(position, alerts, incidents, More: true, Gap: false);
                }

                position = r.GetInt64(0);
                (r.GetString(1) == "alert" ? alerts : incidents).Add(r.GetInt64(2));
            }

            return new QueueChangeBatch(position, alerts, incidents, More: false, Gap: false);
        }, cancellationToken);
}
