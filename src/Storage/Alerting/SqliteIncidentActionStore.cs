using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Alerting;

/// <summary>SQLite implementation of <see cref="IIncidentActionStore"/>: each change and its log entry in one transaction.</summary>
public sealed class SqliteIncidentActionStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null) : IIncidentActionStore
{
    public async Task<IncidentRecord> CloseAsync(long incidentId, string by, string reason, string? stage, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        Require(by, reason, "close");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var incident = await LoadAsync(connection, tx, incidentId, cancellationToken).ConfigureAwait(false);
        if (incident.State != IncidentStates.Open)
        {
            throw new ArgumentException($"incident {incidentId} is {Describe(incident)}: only an open incident can be closed");
        }

        // Alerts of a closed incident stop: no escalation, no report reminders, no unsent notifications.
        // Evidence requests are not notifications and still run.
        await ExecAsync(connection, tx, "UPDATE alert_timers SET state = 'cancelled' WHERE state = 'pending' AND alert_id IN (SELECT id FROM alerts WHERE incident_id = $i)", incidentId, cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, tx, "UPDATE outbox SET state = 'cancelled' WHERE state = 'pending' AND channel <> 'evidence' AND alert_id IN (SELECT id FROM alerts WHERE incident_id = $i)", incidentId, cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, tx, "UPDATE alerts SET state = 'resolved' WHERE incident_id = $i AND state IN ('open', 'acknowledged')", incidentId, cancellationToken).ConfigureAwait(false);
        await using (var update = connection.Command("UPDATE incidents SET state = 'closed', stage = $stage WHERE id = $i", tx).With("$i", incidentId).With("$stage", Trimmed(stage)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertActionAsync(connection, tx, incidentId, IncidentActionKinds.Close, by, reason, Trimmed(stage), atUtc, cancellationToken).ConfigureAwait(false);
        var closed = await LoadAsync(connection, tx, incidentId, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return closed;
    }

    public async Task<IncidentRecord> ReopenAsync(long incidentId, string by, string reason, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        Require(by, reason, "re-open");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var incident = await LoadAsync(connection, tx, incidentId, cancellationToken).ConfigureAwait(false);
        if (incident.State != IncidentStates.Closed)
        {
            throw new ArgumentException($"incident {incidentId} is {Describe(incident)}: only a closed incident can be re-opened");
        }

        await ExecAsync(connection, tx, "UPDATE incidents SET state = 'open', stage = NULL, reopened = reopened + 1 WHERE id = $i", incidentId, cancellationToken).ConfigureAwait(false);
        await InsertActionAsync(connection, tx, incidentId, IncidentActionKinds.Reopen, by, reason, null, atUtc, cancellationToken).ConfigureAwait(false);
        var reopened = await LoadAsync(connection, tx, incidentId, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return reopened;
    }

    public async Task<IncidentRecord> MergeAsync(long targetId, long sourceId, string by, string reason, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        Require(by, reason, "merge");
        if (targetId == sourceId)
        {
            throw new ArgumentException($"cannot merge incident {targetId} into itself");
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var target = await LoadAsync(connection, tx, targetId, cancellationToken).ConfigureAwait(false);
        var source = await LoadAsync(connection, tx, sourceId, cancellationToken).ConfigureAwait(false);
        if (target.State != IncidentStates.Open)
        {
            throw new ArgumentException($"incident {targetId} is {Describe(target)}: merge into an open incident (re-open it first)");
        }

        if (source.State == IncidentStates.Merged)
        {
            throw new ArgumentException($"incident {sourceId} is {Describe(source)} already");
        }

        await using (var posts = connection.Command("UPDATE incident_posts SET incident_id = $t WHERE incident_id = $s", tx).With("$t", targetId).With("$s", sourceId))
        {
            await posts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var alerts = connection.Command("UPDATE alerts SET incident_id = $t WHERE incident_id = $s", tx).With("$t", targetId).With("$s", sourceId))
        {
            await alerts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The merged story is at least as serious as either part: the level is the maximum and is never lowered here.
        var level = (IncidentLevel)Math.Max((int)target.Level, (int)source.Level);
        var reasons = target.Reasons.ToList();
        if (source.Level > target.Level)
        {
            reasons.Insert(0, new LevelReason($"merge:#{sourceId}", source.Level, $"incident #{sourceId} ({source.Level.Roman()}) merged in by {by.Trim()}: {reason.Trim()}"));
        }

        var earlier = source.FirstSeenUtc < target.FirstSeenUtc;
        await using (var update = connection.Command(
            "UPDATE incidents SET level = $level, reasons = $reasons, first_seen_at = $first, last_seen_at = $last, first_post_id = $fp, first_url = $furl, " +
            "post_count = (SELECT COUNT(*) FROM incident_posts WHERE incident_id = $t), platforms = $platforms, labels = $labels, sites = $sites WHERE id = $t", tx)
            .With("$t", targetId).With("$level", (int)level).With("$reasons", JsonSerializer.Serialize(reasons))
            .With("$first", Sql.Time(earlier ? source.FirstSeenUtc : target.FirstSeenUtc))
            .With("$last", Sql.Time(source.LastSeenUtc > target.LastSeenUtc ? source.LastSeenUtc : target.LastSeenUtc))
            .With("$fp", earlier ? source.FirstPostId : target.FirstPostId).With("$furl", (earlier ? source.FirstUrl : target.FirstUrl).AbsoluteUri)
            .With("$platforms", JsonSerializer.Serialize(Union(target.Platforms, source.Platforms)))
            .With("$labels", JsonSerializer.Serialize(Union(target.Labels, source.Labels)))
            .With("$sites", JsonSerializer.Serialize(Union(target.Sites, source.Sites))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var tomb = connection.Command("UPDATE incidents SET state = 'merged', merged_into = $t WHERE id = $s", tx).With("$t", targetId).With("$s", sourceId))
        {
            await tomb.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Tombstones that pointed at the source now point at the target, so a chain is never more than one hop.
        await using (var chain = connection.Command("UPDATE incidents SET merged_into = $t WHERE merged_into = $s", tx).With("$t", targetId).With("$s", sourceId))
        {
            await chain.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertActionAsync(connection, tx, targetId, IncidentActionKinds.MergeIn, by, reason, sourceId.ToString(CultureInfo.InvariantCulture), atUtc, cancellationToken).ConfigureAwait(false);
        await InsertActionAsync(connection, tx, sourceId, IncidentActionKinds.MergedInto, by, reason, targetId.ToString(CultureInfo.InvariantCulture), atUtc, cancellationToken).ConfigureAwait(false);
        var merged = await LoadAsync(connection, tx, targetId, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return merged;
    }

    public async Task RecordAsync(long incidentId, string action, string by, string reason, string? detail, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await InsertActionAsync(connection, null, incidentId, action, by, reason, detail, atUtc, cancellationToken).ConfigureAwait(false);
        signals?.IncidentsChanged.Notify();
    }

    public async Task<IReadOnlyList<IncidentAction>> GetActionsAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, incident_id, action, actor, reason, at, detail FROM incident_actions WHERE incident_id = $i ORDER BY id").With("$i", incidentId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IncidentAction>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new IncidentAction(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), Sql.ParseTime(r.GetString(5)), r.StringOrNull(6)));
        }

        return list;
    }

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

    private static async Task<SqliteTransaction> BeginAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

    private static async Task<IncidentRecord> LoadAsync(SqliteConnection connection, SqliteTransaction tx, long id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {SqliteIncidentStore.ReadColumns} FROM incidents WHERE id = $id", tx).With("$id", id);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? SqliteIncidentStore.Read(r) : throw new ArgumentException($"no incident {id}");
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction tx, string sql, long incidentId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, tx).With("$i", incidentId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertActionAsync(SqliteConnection connection, SqliteTransaction? tx, long incidentId, string action, string by, string reason, string? detail, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("INSERT INTO incident_actions (incident_id, action, actor, reason, at, detail) VALUES ($i, $a, $by, $why, $at, $d)", tx)
            .With("$i", incidentId).With("$a", action).With("$by", by.Trim()).With("$why", reason.Trim()).With("$at", Sql.Time(atUtc)).With("$d", detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
