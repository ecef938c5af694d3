using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// SQLite implementation of <see cref="IAlertStore"/>: the transactional outbox. An alert, its messages and its timers
/// are written in one IMMEDIATE transaction, and every message carries a unique idempotency key, so a crash at any
/// point leaves either all of it or none of it, and a replay adds nothing twice.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null) : IAlertStore
{
    private const string AlertColumns = "id, key, kind, incident_id, level, title, summary, reasons, created_at, state, ack_by, ack_at, ack_via";

    private const string MessageColumns =
        "id, idempotency_key, alert_id, channel, responder_id, recipient, order_key, subject, text_body, html_body, payload, attempts, due_at, state, last_error, created_at, sent_at, handed_at";

    public async Task<(AlertRecord Alert, bool Created)> RaiseAsync(AlertRecord alert, IReadOnlyList<OutboxMessage> messages, IReadOnlyList<AlertTimer> timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(timers);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var find = connection.Command($"SELECT {AlertColumns} FROM alerts WHERE key = $k", tx).With("$k", alert.Key))
        await using (var r = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (ReadAlert(r), false);
            }
        }

        long id;
        await using (var insert = connection.Command(
            "INSERT INTO alerts (key, kind, incident_id, level, title, summary, reasons, created_at, state) " +
            "VALUES ($key, $kind, $inc, $level, $title, $summary, $reasons, $at, $state) RETURNING id", tx)
            .With("$key", alert.Key).With("$kind", alert.Kind).With("$inc", alert.IncidentId).With("$level", (int)alert.Level)
            .With("$title", alert.Title).With("$summary", alert.Summary).With("$reasons", JsonSerializer.Serialize(alert.Reasons))
            .With("$at", Sql.Time(alert.CreatedUtc)).With("$state", alert.State))
        {
            id = await insert.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var m in messages)
        {
            await InsertMessageAsync(connection, tx, m with { AlertId = id }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var t in timers)
        {
            await using var timer = connection.Command(
                "INSERT INTO alert_timers (alert_id, kind, step, due_at, state) VALUES ($a, $k, $s, $due, 'pending') ON CONFLICT DO NOTHING", tx)
                .With("$a", id).With("$k", t.Kind).With("$s", t.Step).With("$due", Sql.Time(t.DueUtc));
            await timer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        signals?.IncidentsChanged.Notify();
        return (alert with { Id = id }, true);
    }

    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var added = 0;
        foreach (var m in messages)
        {
            added += await InsertMessageAsync(connection, tx, m, cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async Task<IReadOnlyList<string>> PendingChannelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT DISTINCT channel FROM outbox WHERE state = 'pending' ORDER BY channel");
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    public async Task<IReadOnlyList<OutboxMessage>> GetDueAsync(string channel, DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {MessageColumns} FROM outbox o WHERE o.channel = $c AND o.state = 'pending' AND o.due_at <= $now " +
            "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel AND p.recipient = o.recipient AND p.order_key = o.order_key AND p.state = 'pending' AND p.id < o.id) " +
            "ORDER BY o.id LIMIT $limit")
            .With("$c", channel).With("$now", Sql.Time(nowUtc)).With("$limit", limit);
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkSentAsync(long messageId, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE outbox SET state = 'sent', sent_at = $at, attempts = attempts + 1 WHERE id = $id AND state IN ('pending', 'handed')")
            .With("$id", messageId).With("$at", Sql.Time(atUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> MarkHandedAsync(long messageId, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        // A single-row autocommit UPDATE: once it returns, the row survives a kill -9 (WAL, synchronous=NORMAL).
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE outbox SET state = 'handed', handed_at = $at WHERE id = $id AND state = 'pending'")
            .With("$id", messageId).With("$at", Sql.Time(atUtc));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<OutboxMessage>> MarkInDoubtAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"UPDATE outbox SET state = 'sent_unconfirmed', attempts = attempts + 1, last_error = 'in doubt: the sender stopped after handing the message over (found ' || $now || ')' " +
            $"WHERE state = 'handed' RETURNING {MessageColumns}")
            .With("$now", Sql.Time(nowUtc));
        var list = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(m => m.Id).ToList();
    }

    public async Task MarkFailedAsync(long messageId, string error, DateTimeOffset nextDueUtc, bool dead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $e, due_at = $due, state = $state, handed_at = NULL WHERE id = $id AND state IN ('pending', 'handed')")
            .With("$id", messageId).With("$e", error.Length > 2000 ? error[..2000] : error).With("$due", Sql.Time(nextDueUtc)).With("$state", dead ? "dead" : "pending");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AlertRecord?> GetAlertAsync(long alertId, CancellationToken cancellationToken)
    {
        var list = await QueryAlertsAsync($"SELECT {AlertColumns} FROM alerts WHERE id = $p", alertId, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int limit, CancellationToken cancellationToken) =>
        QueryAlertsAsync($"SELECT {AlertColumns} FROM alerts ORDER BY id DESC LIMIT $p", limit, cancellationToken);

    public Task<IReadOnlyList<AlertRecord>> ListAlertsOfIncidentAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAlertsAsync($"SELECT {AlertColumns} FROM alerts WHERE incident_id = $p ORDER BY id", incidentId, cancellationToken);

    public async Task<IReadOnlyList<OutboxMessage>> GetMessagesAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {MessageColumns} FROM outbox WHERE alert_id = $a ORDER BY id").With("$a", alertId);
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> GetUnreportedDeadAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {MessageColumns} FROM outbox WHERE state = 'dead' AND dead_reported = 0 ORDER BY id LIMIT $l").With("$l", limit);
        return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkDeadReportedAsync(long messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE outbox SET dead_reported = 1 WHERE id = $id").With("$id", messageId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> AcknowledgeAsync(long alertId, string by, string via, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        int changed;
        await using (var ack = connection.Command(
            "UPDATE alerts SET state = 'acknowledged', ack_by = $by, ack_at = $at, ack_via = $via WHERE id = $id AND state = 'open'", tx)
            .With("$id", alertId).With("$by", by).With("$at", Sql.Time(atUtc)).With("$via", via))
        {
            changed = await ack.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed == 1)
        {
            // Acknowledgement stops escalation; report deadlines keep running (a late 首报 is late whoever saw the page).
            await using var cancel = connection.Command("UPDATE alert_timers SET state = 'cancelled' WHERE alert_id = $id AND kind = 'escalate' AND state = 'pending'", tx)
                .With("$id", alertId);
            await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    public async Task SupersedeAsync(long incidentId, long currentAlertId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var timers = connection.Command(
            "UPDATE alert_timers SET state = 'cancelled' WHERE kind = 'escalate' AND state = 'pending' AND alert_id IN " +
            "(SELECT id FROM alerts WHERE incident_id = $i AND id <> $a AND state = 'open')", tx).With("$i", incidentId).With("$a", currentAlertId))
        {
            await timers.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Responders see an incident's current level only: unsent notifications of the lower level are dropped
        // (evidence freezing is not a notification and still runs).
        await using (var pending = connection.Command(
            "UPDATE outbox SET state = 'superseded' WHERE state = 'pending' AND channel <> 'evidence' AND alert_id IN " +
            "(SELECT id FROM alerts WHERE incident_id = $i AND id <> $a AND state = 'open')", tx).With("$i", incidentId).With("$a", currentAlertId))
        {
            await pending.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var alerts = connection.Command("UPDATE alerts SET state = 'superseded' WHERE incident_id = $i AND id <> $a AND state = 'open'", tx)
            .With("$i", incidentId).With("$a", currentAlertId))
        {
            await alerts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertTimer>> GetDueTimersAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, alert_id, kind, step, due_at, state FROM alert_timers WHERE state = 'pending' AND due_at <= $now ORDER BY due_at, id LIMIT $l")
            .With("$now", Sql.Time(nowUtc)).With("$l", limit);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertTimer>> GetTimersAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, alert_id, kind, step, due_at, state FROM alert_timers WHERE alert_id = $a ORDER BY due_at, id").With("$a", alertId);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteTimerAsync(long timerId, IReadOnlyList<OutboxMessage> produced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produced);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        foreach (var m in produced)
        {
            await InsertMessageAsync(connection, tx, m, cancellationToken).ConfigureAwait(false);
        }

        await using (var done = connection.Command("UPDATE alert_timers SET state = 'fired' WHERE id = $id AND state = 'pending'", tx).With("$id", timerId))
        {
            await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Silence> AddSilenceAsync(long incidentId, string by, string reason, DateTimeOffset createdUtc, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "INSERT INTO silences (incident_id, created_by, reason, created_at, expires_at) VALUES ($i, $by, $r, $c, $e) RETURNING id")
            .With("$i", incidentId).With("$by", by).With("$r", reason).With("$c", Sql.Time(createdUtc)).With("$e", Sql.Time(expiresUtc));
        var id = await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        return new Silence(id, incidentId, by, reason, createdUtc, expiresUtc);
    }

    public async Task<IReadOnlyList<Silence>> GetActiveSilencesAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, incident_id, created_by, reason, created_at, expires_at FROM silences WHERE expires_at > $now ORDER BY id")
            .With("$now", Sql.Time(nowUtc));
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<Silence>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new Silence(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Sql.ParseTime(r.GetString(4)), Sql.ParseTime(r.GetString(5))));
        }

        return list;
    }

    public async Task<DateTimeOffset?> LastEnqueuedAsync(string orderKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT MAX(created_at) FROM outbox WHERE order_key = $k").With("$k", orderKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string s ? Sql.ParseTime(s) : null;
    }

    private static async Task<int> InsertMessageAsync(SqliteConnection connection, SqliteTransaction tx, OutboxMessage m, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO outbox (idempotency_key, alert_id, channel, responder_id, recipient, order_key, subject, text_body, html_body, payload, attempts, due_at, state, created_at) " +
            "VALUES ($k, $a, $c, $resp, $rcpt, $o, $s, $t, $h, $p, 0, $due, 'pending', $created) ON CONFLICT (idempotency_key) DO NOTHING", tx)
            .With("$k", m.IdempotencyKey).With("$a", m.AlertId).With("$c", m.Channel).With("$resp", m.ResponderId).With("$rcpt", m.Recipient)
            .With("$o", m.OrderKey).With("$s", m.Subject).With("$t", m.TextBody).With("$h", m.HtmlBody).With("$p", m.PayloadJson)
            .With("$due", Sql.Time(m.DueUtc)).With("$created", Sql.Time(m.CreatedUtc));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<AlertRecord>> QueryAlertsAsync(string sql, long p, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(sql).With("$p", p);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<AlertRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadAlert(r));
        }

        return list;
    }

    private static AlertRecord ReadAlert(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.LongOrNull(3), (IncidentLevel)r.GetInt32(4), r.GetString(5), r.GetString(6),
        JsonSerializer.Deserialize<List<LevelReason>>(r.GetString(7)) ?? [], Sql.ParseTime(r.GetString(8)), r.GetString(9),
        r.StringOrNull(10), r.TimeOrNull(11), r.StringOrNull(12));

    private static async Task<IReadOnlyList<OutboxMessage>> ReadMessagesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<OutboxMessage>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new OutboxMessage(
                r.GetInt64(0), r.GetString(1), r.LongOrNull(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
                r.GetString(8), r.StringOrNull(9), r.GetString(10), r.GetInt32(11), Sql.ParseTime(r.GetString(12)), r.GetString(13), r.StringOrNull(14),
                Sql.ParseTime(r.GetString(15)), r.TimeOrNull(16), r.TimeOrNull(17)));
        }

        return list;
    }

    private static async Task<IReadOnlyList<AlertTimer>> ReadTimersAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<AlertTimer>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AlertTimer(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), Sql.ParseTime(r.GetString(4)), r.GetString(5)));
        }

        return list;
    }
}
