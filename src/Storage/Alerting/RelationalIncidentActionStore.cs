using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// <see cref="IIncidentActionStore"/> on a SQL engine, shared by the SQLite and PostgreSQL stores: each change and its
/// log entry in one transaction. The incidents a change reads are read <see cref="StoreDialect.ForUpdate"/>, so two
/// people closing (or merging) the same incident on two nodes at once change it once and the second is told why not.
/// </summary>
public abstract class RelationalIncidentActionStore(IStoreSessions sessions, StoreDialect dialect, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalStore(sessions, dialect), IIncidentActionStore
{
    public Task<IncidentRecord> CloseAsync(long incidentId, string by, string reason, string? stage, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        Require(by, reason, "close");
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var incident = await LoadAsync(session, tx, incidentId, Dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
            if (incident.State != IncidentStates.Open)
            {
                throw new ArgumentException($"incident {incidentId} is {Describe(incident)}: only an open incident can be closed");
            }

            // Alerts of a closed incident stop: no escalation, no report reminders, no unsent notifications.
            // Evidence requests are not notifications and still run.
            await ExecAsync(session, tx, "UPDATE alert_timers SET state = 'cancelled' WHERE state = 'pending' AND alert_id IN (SELECT id FROM alerts WHERE incident_id = @i)", incidentId, cancellationToken).ConfigureAwait(false);
            await ExecAsync(session, tx, "UPDATE outbox SET state = 'cancelled' WHERE state = 'pending' AND channel <> 'evidence' AND alert_id IN (SELECT id FROM alerts WHERE incident_id = @i)", incidentId, cancellationToken).ConfigureAwait(false);
            await ExecAsync(session, tx, "UPDATE alerts SET state = 'resolved' WHERE incident_id = @i AND state IN ('open', 'acknowledged')", incidentId, cancellationToken).ConfigureAwait(false);
            await session.Command("UPDATE incidents SET state = 'closed', stage = @stage WHERE id = @i", tx).With("@i", incidentId).With("@stage", Trimmed(stage))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await InsertActionAsync(session, tx, incidentId, IncidentActionKinds.Close, by, reason, Trimmed(stage), atUtc, cancellationToken).ConfigureAwait(false);
            var closed = await LoadAsync(session, tx, incidentId, "", cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return closed;
        }, cancellationToken);
    }

    public Task<IncidentRecord> ReopenAsync(long incidentId, string by, string reason, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        Require(by, reason, "re-open");
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var incident = await LoadAsync(session, tx, incidentId, Dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
            if (incident.State != IncidentStates.Closed)
            {
                throw new ArgumentException($"incident {incidentId} is {Describe(incident)}: only a closed incident can be re-opened");
            }

            await ExecAsync(session, tx, "UPDATE incidents SET state = 'open', stage = NULL, reopened = reopened + 1 WHERE id = @i", incidentId, cancellationToken).ConfigureAwait(false);
            await InsertActionAsync(session, tx, incidentId, IncidentActionKinds.Reopen, by, reason, null, atUtc, cancellationToken).ConfigureAwait(false);
            var reopened = await LoadAsync(session, tx, incidentId, "", cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return reopened;
        }, cancellationToken);
    }

    public Task<IncidentRecord> MergeAsync(long targetId, long sourceId, string by, string reason, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        Require(by, reason, "merge");
        if (targetId == sourceId)
        {
            throw new ArgumentException($"cannot merge incident {targetId} into itself");
        }

        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // Both rows are locked in id order, so two merges of the same pair in opposite directions wait for each other
            // instead of deadlocking.
            var first = await LoadOrNullAsync(session, tx, Math.Min(targetId, sourceId), Dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
            var second = await LoadOrNullAsync(session, tx, Math.Max(targetId, sourceId), Dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
            var (target, source) = targetId < sourceId ? (first, second) : (second, first);
            if (target is null || source is null)
            {
                throw new ArgumentException($"no incident {(target is null ? targetId : sourceId)}");
            }

            if (target.State != IncidentStates.Open)
            {
                throw new ArgumentException($"incident {targetId} is {Describe(target)}: merge into an open incident (re-open it first)");
            }

            if (source.State == IncidentStates.Merged)
            {
                throw new ArgumentException($"incident {sourceId} is {Describe(source)} already");
            }

            await MoveAsync(session, tx, "UPDATE incident_posts SET incident_id = @t WHERE incident_id = @s", targetId, sourceId, cancellationToken).ConfigureAwait(false);
            await MoveAsync(session, tx, "UPDATE alerts SET incident_id = @t WHERE incident_id = @s", targetId, sourceId, cancellationToken).ConfigureAwait(false);

            // The merged story is at least as serious as either part: the level is the maximum and is never lowered here.
            var level = (IncidentLevel)Math.Max((int)target.Level, (int)source.Level);
            var reasons = target.Reasons.ToList();
            if (source.Level > target.Level)
            {
                reasons.Insert(0, new LevelReason($"merge:#{sourceId}", source.Level, $"incident #{sourceId} ({source.Level.Roman()}) merged in by {by.Trim()}: {reason.Trim()}"));
            }

            var earlier = source.FirstSeenUtc < target.FirstSeenUtc;
            await session.Command(
                "UPDATE incidents SET level = @level, reasons = @reasons, first_seen_at = @first, last_seen_at = @last, first_post_id = @fp, first_url = @furl, " +
                "post_count = (SELECT COUNT(*) FROM incident_posts WHERE incident_id = @t), platforms = @platforms, labels = @labels, sites = @sites WHERE id = @t", tx)
                .With("@t", targetId).With("@level", (int)level).With("@reasons", JsonSerializer.Serialize(reasons))
                .With("@first", Dialect.Time(earlier ? source.FirstSeenUtc : target.FirstSeenUtc))
                .With("@last", Dialect.Time(source.LastSeenUtc > target.LastSeenUtc ? source.LastSeenUtc : target.LastSeenUtc))
                .With("@fp", earlier ? source.FirstPostId : target.FirstPostId).With("@furl", (earlier ? source.FirstUrl : target.FirstUrl).AbsoluteUri)
                .With("@platforms", JsonSerializer.Serialize(Union(target.Platforms, source.Platforms)))
                .With("@labels", JsonSerializer.Serialize(Union(target.Labels, source.Labels)))
                .With("@sites", JsonSerializer.Serialize(Union(target.Sites, source.Sites)))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await MoveAsync(session, tx, "UPDATE incidents SET state = 'merged', merged_into = @t WHERE id = @s", targetId, sourceId, cancellationToken).ConfigureAwait(false);

            // Tombstones that pointed at the source now point at the target, so a chain is never more than one hop.
            await MoveAsync(session, tx, "UPDATE incidents SET merged_into = @t WHERE merged_into = @s", targetId, sourceId, cancellationToken).ConfigureAwait(false);
            await InsertActionAsync(session, tx, targetId, IncidentActionKinds.MergeIn, by, reason, sourceId.ToString(CultureInfo.InvariantCulture), atUtc, cancellationToken).ConfigureAwait(false);
            await InsertActionAsync(session, tx, sourceId, IncidentActionKinds.MergedInto, by, reason, targetId.ToString(CultureInfo.InvariantCulture), atUtc, cancellationToken).ConfigureAwait(false);
            var merged = await LoadAsync(session, tx, targetId, "", cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return merged;
        }, cancellationToken);
    }

    public async Task RecordAsync(long incidentId, string action, string by, string reason, string? detail, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        await Sessions.RunAsync(session => InsertActionAsync(session, null, incidentId, action, by, reason, detail, atUtc, cancellationToken), cancellationToken).ConfigureAwait(false);
        signals?.IncidentsChanged.Notify();
    }

    public Task<IReadOnlyList<IncidentAction>> GetActionsAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, incident_id, action, actor, reason, at, detail FROM incident_actions WHERE incident_id = @i ORDER BY id",
            c => c.With("@i", incidentId),
            r => new IncidentAction(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), Dialect.ReadTime(r, 5), r.StringOrNull(6)),
            cancellationToken);

    private static void Require(string by, string reason, string what)
    {
        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException($"to {what} an incident give who decides it (--by) and why (--reason)");
        }
    }

    private static string Describe(IncidentRecord i) => i.State == IncidentStates.Merged ? $"merged into {i.MergedInto}" : i.State;

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string> Union(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Union(b, StringComparer.Ordinal).ToList();

    /// <summary>The incident <paramref name="id"/>, read with <paramref name="suffix"/> (<see cref="StoreDialect.ForUpdate"/> to lock its row).</summary>
    private async Task<IncidentRecord> LoadAsync(IStoreSession session, DbTransaction tx, long id, string suffix, CancellationToken cancellationToken) =>
        await LoadOrNullAsync(session, tx, id, suffix, cancellationToken).ConfigureAwait(false) ?? throw new ArgumentException($"no incident {id}");

    private async Task<IncidentRecord?> LoadOrNullAsync(IStoreSession session, DbTransaction tx, long id, string suffix, CancellationToken cancellationToken)
    {
        await using var r = await session.Command($"SELECT {RelationalIncidentStore.ReadColumns} FROM incidents WHERE id = @id{suffix}", tx).With("@id", id)
            .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? RelationalIncidentStore.Read(r, Dialect) : null;
    }

    private static Task ExecAsync(IStoreSession session, DbTransaction tx, string sql, long incidentId, CancellationToken cancellationToken) =>
        session.Command(sql, tx).With("@i", incidentId).ExecuteNonQueryAsync(cancellationToken);

    private static Task MoveAsync(IStoreSession session, DbTransaction tx, string sql, long targetId, long sourceId, CancellationToken cancellationToken) =>
        session.Command(sql, tx).With("@t", targetId).With("@s", sourceId).ExecuteNonQueryAsync(cancellationToken);

    private Task InsertActionAsync(IStoreSession session, DbTransaction? tx, long incidentId, string action, string by, string reason, string? detail, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        session.Command("INSERT INTO incident_actions (incident_id, action, actor, reason, at, detail) VALUES (@i, @a, @by, @why, @at, @d)", tx)
            .With("@i", incidentId).With("@a", action).With("@by", by.Trim()).With("@why", reason.Trim()).With("@at", Dialect.Time(atUtc)).With("@d", detail)
            .ExecuteNonQueryAsync(cancellationToken);
}
