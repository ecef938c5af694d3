using System.Data.Common;
using System.Globalization;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Reports;

/// <summary>
/// <see cref="IReportQueries"/> on a SQL engine, shared by the SQLite and PostgreSQL stores: set-based counts bounded by
/// the period, the incident journals read past a cursor, and the office's membership tables (migration 0752 on both).
/// Incidents are read as <see cref="Alerting.RelationalIncidentStore"/> reads them.
/// </summary>
public abstract partial class RelationalReportQueries(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IReportQueries
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
        // Grouped in SQL, bounded by the period (index on first_seen_at): one row per platform, label and bucket
        // instead of one per post. The label is the current version's: an edit that was re-classified counts as
        // what it says now. Times are whole seconds here (the stored fraction is cut), so a bucket boundary is exact.
        var rows = await QueryAsync(
            $"SELECT p.platform, c.label, ({Dialect.EpochSeconds("p.first_seen_at")} - @fs) / @bs AS slot, COUNT(*) " +
            "FROM posts p LEFT JOIN classifications c ON c.post_id = p.id AND c.post_version = p.version " +
            "WHERE p.first_seen_at >= @f AND p.first_seen_at < @t GROUP BY 1, 2, 3",
            c => c.With("@f", Dialect.Time(fromUtc)).With("@t", Dialect.Time(toUtc))
                .With("@fs", fromUtc.ToUnixTimeSeconds()).With("@bs", Math.Max(1L, (long)bucket.TotalSeconds)),
            r => (Platform: r.GetString(0), Label: r.StringOrNull(1), Slot: r.GetInt64(2), Count: r.GetInt64(3)),
            cancellationToken).ConfigureAwait(false);
        foreach (var (platform, label, s, n) in rows)
        {
            total += n;
            byPlatform[platform] = byPlatform.GetValueOrDefault(platform) + n;
            var slot = (int)Math.Clamp(s, 0, slots - 1);
            posts[slot] += n;
            if (label is not null && label != Labels.Normal)
            {
                byLabel[label] = byLabel.GetValueOrDefault(label) + n;
                flagged[slot] += n;
            }
        }

        var buckets = Enumerable.Range(0, slots).Select(i => new TallyBucket(fromUtc + (bucket * i), posts[i], flagged[i])).ToList();
        return new PeriodTally(fromUtc, toUtc, total, byPlatform, byLabel, buckets);
    }

    public Task<IReadOnlyList<IncidentRecord>> IncidentsActiveAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Alerting.RelationalIncidentStore.ReadColumns} FROM incidents WHERE first_seen_at < @t AND last_seen_at >= @f AND state <> @merged ORDER BY level DESC, post_count DESC, id",
            c => c.With("@f", Dialect.Time(fromUtc)).With("@t", Dialect.Time(toUtc)).With("@merged", IncidentStates.Merged),
            r => Alerting.RelationalIncidentStore.Read(r, Dialect), cancellationToken);

    public Task<DevelopmentCursor> LatestCursorAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var r = await session.Command(
                    "SELECT (SELECT COALESCE(MAX(id), 0) FROM incident_actions), (SELECT COALESCE(MAX(id), 0) FROM alerts), (SELECT COALESCE(MAX(id), 0) FROM console_incident_work), " +
                    "(SELECT COALESCE(MAX(id), 0) FROM takedowns), (SELECT COALESCE(MAX(id), 0) FROM takedown_checks)")
                .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new DevelopmentCursor(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
        }, cancellationToken);

    public Task<(IReadOnlyList<IncidentDevelopment> Developments, DevelopmentCursor Next)> DevelopmentsAsync(DevelopmentCursor after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return Sessions.RunAsync<(IReadOnlyList<IncidentDevelopment>, DevelopmentCursor)>(async session =>
        {
            var list = new List<IncidentDevelopment>();
            // Each journal read by its row id past the cursor: bounded by what is new, never a scan of the store.
            var action = await ReadAsync(DevelopmentKinds.Action, "SELECT id, incident_id, at, actor, action, detail FROM incident_actions WHERE id > @c ORDER BY id LIMIT @n", after.Action).ConfigureAwait(false);
            var alert = await ReadAsync(DevelopmentKinds.Alert, "SELECT id, incident_id, created_at, 'system', level, NULL FROM alerts WHERE id > @c AND incident_id IS NOT NULL ORDER BY id LIMIT @n", after.Alert).ConfigureAwait(false);
            var work = await ReadAsync(DevelopmentKinds.Work, "SELECT id, incident_id, at, actor, kind, NULL FROM console_incident_work WHERE id > @c ORDER BY id LIMIT @n", after.Work).ConfigureAwait(false);
            var takedown = await ReadAsync(DevelopmentKinds.Takedown,
                "SELECT t.id, (SELECT ip.incident_id FROM incident_posts ip WHERE ip.post_id = t.post_id ORDER BY ip.incident_id LIMIT 1), t.requested_at, t.requested_by, t.url, NULL FROM takedowns t WHERE t.id > @c ORDER BY t.id LIMIT @n", after.Takedown).ConfigureAwait(false);
            var removed = await ReadAsync(DevelopmentKinds.Removed,
                "SELECT k.id, (SELECT ip.incident_id FROM incident_posts ip WHERE ip.post_id = t.post_id ORDER BY ip.incident_id LIMIT 1), k.checked_at, 'system', t.url, CAST(t.id AS TEXT) " +
                "FROM takedown_checks k JOIN takedowns t ON t.id = k.takedown_id WHERE k.id > @c AND k.observation = 'Removed' ORDER BY k.id LIMIT @n", after.Removed).ConfigureAwait(false);
            return ([.. list.OrderBy(d => d.AtUtc)], new DevelopmentCursor(action, alert, work, takedown, removed));

            async Task<long> ReadAsync(string kind, string sql, long cursor)
            {
                await using var r = await session.Command(sql).With("@c", cursor).With("@n", Math.Max(1, limit)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var last = cursor;
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    last = r.GetInt64(0);
                    if (!r.IsDBNull(1))
                    {
                        list.Add(new IncidentDevelopment(kind, last, r.GetInt64(1), Dialect.ReadTime(r, 2), r.GetString(3), Convert.ToString(r.GetValue(4), CultureInfo.InvariantCulture) ?? string.Empty, r.StringOrNull(5)));
                    }
                }

                return last;
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SourceHealthTally>> SourceHealthAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync<IReadOnlyList<SourceHealthTally>>(async session =>
        {
            var rows = new SortedDictionary<string, SourceHealthTally>(StringComparer.Ordinal);
            await using (var r = await session.Command(
                    "SELECT source_id, COUNT(*), SUM(CASE WHEN status = 'Failed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'Partial' THEN 1 ELSE 0 END), SUM(new_posts), MAX(started_at), " +
                    "(SELECT s2.status FROM source_runs s2 WHERE s2.source_id = s.source_id AND s2.started_at >= @f AND s2.started_at < @t ORDER BY s2.started_at DESC, s2.id DESC LIMIT 1) " +
                    "FROM source_runs s WHERE started_at >= @f AND started_at < @t GROUP BY source_id")
                .With("@f", Dialect.Time(fromUtc)).With("@t", Dialect.Time(toUtc))
                .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = r.GetString(0);
                    rows[id] = new SourceHealthTally(id, Int(r, 1), Int(r, 2), Int(r, 3), Int(r, 4), Dialect.ReadTime(r, 5), r.StringOrNull(6), 0, null);
                }
            }

            await using (var r = await session.Command(
                    "SELECT source_id, COUNT(*), (SELECT e2.message FROM collector_health_events e2 WHERE e2.source_id = e.source_id AND e2.at >= @f AND e2.at < @t ORDER BY e2.id DESC LIMIT 1) " +
                    "FROM collector_health_events e WHERE at >= @f AND at < @t GROUP BY source_id")
                .With("@f", Dialect.Time(fromUtc)).With("@t", Dialect.Time(toUtc))
                .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = r.GetString(0);
                    var row = rows.GetValueOrDefault(id) ?? new SourceHealthTally(id, 0, 0, 0, 0, null, null, 0, null);
                    rows[id] = row with { HealthEvents = Int(r, 1), LastHealthMessage = r.StringOrNull(2) };
                }
            }

            return [.. rows.Values];
        }, cancellationToken);

    // Counts and sums are bigint on PostgreSQL, INTEGER on SQLite.
    private static int Int(DbDataReader r, int i) => (int)Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
}
