using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Accounts;

/// <summary>SQLite implementation of <see cref="IQueueChanges"/>: table <c>console_queue_changes</c>, written by triggers (migration 0601).</summary>
public sealed class SqliteQueueChanges(SqliteDatabase database) : IQueueChanges
{
    public async Task<long> PositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COALESCE(MAX(seq), 0) FROM console_queue_changes");
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueueChangeBatch> ReadSinceAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var alerts = new HashSet<long>();
        var incidents = new HashSet<long>();
        var position = after;
        var rows = 0;
        // The oldest row kept tells whether the rows just after the reader's position were pruned.
        await using (var read = connection.Command(
            "SELECT seq, kind, ref, (SELECT MIN(seq) FROM console_queue_changes) FROM console_queue_changes WHERE seq > $after ORDER BY seq LIMIT $n")
            .With("$after", after).With("$n", limit + 1))
        {
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        }

        return new QueueChangeBatch(position, alerts, incidents, More: false, Gap: false);
    }
}
