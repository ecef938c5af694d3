using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Reports;

/// <summary>SQLite implementation of <see cref="IReportQueries"/>: set-based counts bounded by the period.</summary>
public sealed class SqliteReportQueries(SqliteDatabase database) : IReportQueries
{
    public async Task<PeriodTally> TallyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeSpan bucket, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(toUtc, fromUtc);
        var slots = (int)Math.Ceiling((toUtc - fromUtc) / bucket);
        var posts = new long[slots];
        var flagged = new long[slots];
        var byPlatform = new Dictionary<string, long>(StringComparer.Ordinal);
        var byLabel = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            // Grouped in SQL, bounded by the period (index on first_seen_at): one row per platform, label and bucket
            // instead of one per post. The label is the current version's: an edit that was re-classified counts as
            // what it says now. Times are whole seconds here (the stored fraction is cut), so a bucket boundary is exact.
            await using var command = connection.Command(
                "SELECT p.platform, c.label, (CAST(strftime('%s', substr(p.first_seen_at, 1, 19)) AS INTEGER) - $fs) / $bs AS slot, COUNT(*) " +
                "FROM posts p LEFT JOIN classifications c ON c.post_id = p.id AND c.post_version = p.version " +
                "WHERE p.first_seen_at >= $f AND p.first_seen_at < $t GROUP BY 1, 2, 3")
                .With("$f", Sql.Time(fromUtc)).With("$t", Sql.Time(toUtc))
                .With("$fs", fromUtc.ToUnixTimeSeconds()).With("$bs", Math.Max(1L, (long)bucket.TotalSeconds));
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var n = r.GetInt64(3);
                total += n;
                var platform = r.GetString(0);
                byPlatform[platform] = byPlatform.GetValueOrDefault(platform) + n;
                var slot = (int)Math.Clamp(r.GetInt64(2), 0, slots - 1);
                posts[slot] += n;
                if (r.StringOrNull(1) is { } label && label != Labels.Normal)
                {
                    byLabel[label] = byLabel.GetValueOrDefault(label) + n;
                    flagged[slot] += n;
                }
            }
        }

        var buckets = Enumerable.Range(0, slots).Select(i => new TallyBucket(fromUtc + (bucket * i), posts[i], flagged[i])).ToList();
        return new PeriodTally(fromUtc, toUtc, total, byPlatform, byLabel, buckets);
    }

    public async Task<IReadOnlyList<IncidentRecord>> IncidentsActiveAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {SqliteIncidentStore.ReadColumns} FROM incidents WHERE first_seen_at < $t AND last_seen_at >= $f AND state <> $merged ORDER BY level DESC, post_count DESC, id")
            .With("$f", Sql.Time(fromUtc)).With("$t", Sql.Time(toUtc)).With("$merged", IncidentStates.Merged);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IncidentRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(SqliteIncidentStore.Read(r));
        }

        return list;
    }

    public async Task<IReadOnlyList<SourceHealthTally>> SourceHealthAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var rows = new SortedDictionary<string, SourceHealthTally>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var runs = connection.Command(
            "SELECT source_id, COUNT(*), SUM(status = 'Failed'), SUM(status = 'Partial'), SUM(new_posts), MAX(started_at), " +
            "(SELECT s2.status FROM source_runs s2 WHERE s2.source_id = s.source_id AND s2.started_at >= $f AND s2.started_at < $t ORDER BY s2.started_at DESC, s2.id DESC LIMIT 1) " +
            "FROM source_runs s WHERE started_at >= $f AND started_at < $t GROUP BY source_id")
            .With("$f", Sql.Time(fromUtc)).With("$t", Sql.Time(toUtc)))
        {
            await using var r = await runs.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = r.GetString(0);
                rows[id] = new SourceHealthTally(id, r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), Sql.ParseTime(r.GetString(5)), r.StringOrNull(6), 0, null);
            }
        }

        await using (var events = connection.Command(
            "SELECT source_id, COUNT(*), (SELECT e2.message FROM collector_health_events e2 WHERE e2.source_id = e.source_id AND e2.at >= $f AND e2.at < $t ORDER BY e2.id DESC LIMIT 1) " +
            "FROM collector_health_events e WHERE at >= $f AND at < $t GROUP BY source_id")
            .With("$f", Sql.Time(fromUtc)).With("$t", Sql.Time(toUtc)))
        {
            await using var r = await events.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = r.GetString(0);
                var row = rows.GetValueOrDefault(id) ?? new SourceHealthTally(id, 0, 0, 0, 0, null, null, 0, null);
                rows[id] = row with { HealthEvents = r.GetInt32(1), LastHealthMessage = r.StringOrNull(2) };
            }
        }

        return [.. rows.Values];
    }
}
