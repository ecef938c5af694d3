using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// <see cref="IAlertStore"/> on a SQL engine, shared by the SQLite and PostgreSQL stores: the transactional outbox. An
/// alert, its messages and its timers are written in one transaction, and every message carries a unique idempotency
/// key, so a crash at any point leaves either all of it or none of it, and a replay adds nothing twice.
/// </summary>
/// <remarks>
/// Several nodes (<see cref="StoreDialect.SharedByNodes"/>): raising one alert key is one writer's at a time, and the
/// hand-over is the claim — <see cref="MarkHandedAsync"/> turns a message from <c>pending</c> to <c>handed</c> in one
/// conditional <c>UPDATE</c>, which exactly one of two racing nodes wins (the loser is refused before the point of no
/// return, so it never delivers). A node then settles (sent, failed) only a message that is still pending or that this
/// store handed over itself, and its start-up recovery never takes the messages it is handing over: a node that merely
/// looked at a message another node handed over cannot put it back to pending (that would send it twice). When a new
/// delivery leader's recovery takes a live sender's message for in doubt, that sender's outcome still settles it (sent,
/// or pending again after a failure it saw), so the change of leader loses nothing.
/// </remarks>
public abstract class RelationalAlertStore(IStoreSessions sessions, StoreDialect dialect, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalStore(sessions, dialect), IAlertStore
{
    private const string AlertColumns = "id, key, kind, incident_id, level, title, summary, reasons, created_at, state, ack_by, ack_at, ack_via";

    private const string MessageColumns =
        "id, idempotency_key, alert_id, channel, responder_id, recipient, order_key, subject, text_body, html_body, payload, attempts, due_at, state, last_error, created_at, sent_at, handed_at";

    /// <summary>Messages this store handed over and has not settled yet (kept only when several nodes share the database).</summary>
    private readonly ConcurrentDictionary<long, byte> _handedHere = new();

    public Task<(AlertRecord Alert, bool Created)> RaiseAsync(AlertRecord alert, IReadOnlyList<OutboxMessage> messages, IReadOnlyList<AlertTimer> timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(timers);
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.SerializeAsync(session, tx, "alert:" + alert.Key, cancellationToken).ConfigureAwait(false);
            await using (var r = await session.Command($"SELECT {AlertColumns} FROM alerts WHERE key = @k", tx).With("@k", alert.Key)
                .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return (ReadAlert(r), false);
                }
            }

            var id = await session.Command(
                "INSERT INTO alerts (key, kind, incident_id, level, title, summary, reasons, created_at, state) " +
                "VALUES (@key, @kind, @inc, @level, @title, @summary, @reasons, @at, @state) RETURNING id", tx)
                .With("@key", alert.Key).With("@kind", alert.Kind).With("@inc", alert.IncidentId).With("@level", (int)alert.Level)
                .With("@title", alert.Title).With("@summary", alert.Summary).With("@reasons", JsonSerializer.Serialize(alert.Reasons))
                .With("@at", Dialect.Time(alert.CreatedUtc)).With("@state", alert.State)
                .ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            foreach (var m in messages)
            {
                await InsertMessageAsync(session, tx, m with { AlertId = id }, cancellationToken).ConfigureAwait(false);
            }

            foreach (var t in timers)
            {
                await session.Command("INSERT INTO alert_timers (alert_id, kind, step, due_at, state) VALUES (@a, @k, @s, @due, 'pending') ON CONFLICT DO NOTHING", tx)
                    .With("@a", id).With("@k", t.Kind).With("@s", t.Step).With("@due", Dialect.Time(t.DueUtc))
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            signals?.IncidentsChanged.Notify();
            return (alert with { Id = id }, true);
        }, cancellationToken);
    }

    public Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return InsertMessagesAsync(messages, null, cancellationToken);
    }

    public Task<IReadOnlyList<string>> PendingChannelsAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT DISTINCT channel FROM outbox WHERE state = 'pending' ORDER BY channel", _ => { }, r => r.GetString(0), cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> GetDueAsync(string channel, DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken) =>
        QueryMessagesAsync(
            $"SELECT {MessageColumns} FROM outbox o WHERE o.channel = @c AND o.state = 'pending' AND o.due_at <= @now " +
            "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel AND p.recipient = o.recipient AND p.order_key = o.order_key AND p.state = 'pending' AND p.id < o.id) " +
            "ORDER BY o.id LIMIT @limit",
            c => c.With("@c", channel).With("@now", Dialect.Time(nowUtc)).With("@limit", limit), cancellationToken);

    public Task MarkSentAsync(long messageId, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        SettleAsync(messageId, "UPDATE outbox SET state = 'sent', sent_at = @at, attempts = attempts + 1 WHERE id = @id AND ",
            c => c.With("@at", Dialect.Time(atUtc)), cancellationToken);

    public Task<bool> MarkHandedAsync(long messageId, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            // A single-row autocommit UPDATE: once it returns, the row survives a kill -9. Conditional on 'pending', so of
            // two nodes handing over the same message exactly one gets 1 here.
            var handed = await session.Command("UPDATE outbox SET state = 'handed', handed_at = @at WHERE id = @id AND state = 'pending'")
                .With("@id", messageId).With("@at", Dialect.Time(atUtc))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            if (handed && Dialect.SharedByNodes)
            {
                _handedHere[messageId] = 0;
            }

            return handed;
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> MarkInDoubtAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        // Never the messages this store is handing over right now (a node whose delivery started again while its own
        // sends are in flight); on one node there are none at start-up.
        var mine = Dialect.SharedByNodes ? $" AND NOT ({Dialect.IdIn("id", "@mine")})" : "";
        return Sessions.RunAsync<IReadOnlyList<OutboxMessage>>(async session =>
        {
            var command = session.Command(
                "UPDATE outbox SET state = 'sent_unconfirmed', attempts = attempts + 1, last_error = 'in doubt: the sender stopped after handing the message over (found ' || @found || ')' " +
                $"WHERE state = 'handed'{mine} RETURNING {MessageColumns}")
                .With("@found", Sql.Time(nowUtc));
            if (mine.Length > 0)
            {
                command.With("@mine", Dialect.Ids(_handedHere.Keys.ToList()));
            }

            var list = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
            return list.OrderBy(m => m.Id).ToList();
        }, cancellationToken);
    }

    public Task MarkFailedAsync(long messageId, string error, DateTimeOffset nextDueUtc, bool dead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return SettleAsync(messageId, "UPDATE outbox SET attempts = attempts + 1, last_error = @e, due_at = @due, state = @state, handed_at = NULL WHERE id = @id AND ",
            c => c.With("@e", error.Length > 2000 ? error[..2000] : error).With("@due", Dialect.Time(nextDueUtc)).With("@state", dead ? "dead" : "pending"),
            cancellationToken);
    }

    public async Task<AlertRecord?> GetAlertAsync(long alertId, CancellationToken cancellationToken)
    {
        var list = await QueryAlertsAsync($"SELECT {AlertColumns} FROM alerts WHERE id = @p", alertId, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int limit, CancellationToken cancellationToken) =>
        QueryAlertsAsync($"SELECT {AlertColumns} FROM alerts ORDER BY id DESC LIMIT @p", limit, cancellationToken);

    public Task<IReadOnlyList<AlertRecord>> ListAlertsOfIncidentAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAlertsAsync($"SELECT {AlertColumns} FROM alerts WHERE incident_id = @p ORDER BY id", incidentId, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> GetMessagesAsync(long alertId, CancellationToken cancellationToken) =>
        QueryMessagesAsync($"SELECT {MessageColumns} FROM outbox WHERE alert_id = @a ORDER BY id", c => c.With("@a", alertId), cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> GetUnreportedDeadAsync(int limit, CancellationToken cancellationToken) =>
        QueryMessagesAsync($"SELECT {MessageColumns} FROM outbox WHERE state = 'dead' AND dead_reported = 0 ORDER BY id LIMIT @l", c => c.With("@l", limit), cancellationToken);

    public Task MarkDeadReportedAsync(long messageId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("UPDATE outbox SET dead_reported = 1 WHERE id = @id").With("@id", messageId).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<bool> AcknowledgeAsync(long alertId, string by, string via, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var changed = await session.Command("UPDATE alerts SET state = 'acknowledged', ack_by = @by, ack_at = @at, ack_via = @via WHERE id = @id AND state = 'open'", tx)
                .With("@id", alertId).With("@by", by).With("@at", Dialect.Time(atUtc)).With("@via", via)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (changed == 1)
            {
                // Acknowledgement stops escalation; report deadlines keep running (a late 首报 is late whoever saw the page).
                await session.Command("UPDATE alert_timers SET state = 'cancelled' WHERE alert_id = @id AND kind = 'escalate' AND state = 'pending'", tx)
                    .With("@id", alertId).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return changed == 1;
        }, cancellationToken);

    public Task SupersedeAsync(long incidentId, long currentAlertId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await session.Command(
                "UPDATE alert_timers SET state = 'cancelled' WHERE kind = 'escalate' AND state = 'pending' AND alert_id IN " +
                "(SELECT id FROM alerts WHERE incident_id = @i AND id <> @a AND state = 'open')", tx).With("@i", incidentId).With("@a", currentAlertId)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // Responders see an incident's current level only: unsent notifications of the lower level are dropped
            // (evidence freezing is not a notification and still runs).
            await session.Command(
                "UPDATE outbox SET state = 'superseded' WHERE state = 'pending' AND channel <> 'evidence' AND alert_id IN " +
                "(SELECT id FROM alerts WHERE incident_id = @i AND id <> @a AND state = 'open')", tx).With("@i", incidentId).With("@a", currentAlertId)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await session.Command("UPDATE alerts SET state = 'superseded' WHERE incident_id = @i AND id <> @a AND state = 'open'", tx)
                .With("@i", incidentId).With("@a", currentAlertId)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<AlertTimer>> GetDueTimersAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken) =>
        QueryTimersAsync("SELECT id, alert_id, kind, step, due_at, state FROM alert_timers WHERE state = 'pending' AND due_at <= @now ORDER BY due_at, id LIMIT @l",
            c => c.With("@now", Dialect.Time(nowUtc)).With("@l", limit), cancellationToken);

    public Task<IReadOnlyList<AlertTimer>> GetTimersAsync(long alertId, CancellationToken cancellationToken) =>
        QueryTimersAsync("SELECT id, alert_id, kind, step, due_at, state FROM alert_timers WHERE alert_id = @a ORDER BY due_at, id", c => c.With("@a", alertId), cancellationToken);

    public Task CompleteTimerAsync(long timerId, IReadOnlyList<OutboxMessage> produced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produced);
        return InsertMessagesAsync(produced, (session, tx) => session.Command("UPDATE alert_timers SET state = 'fired' WHERE id = @id AND state = 'pending'", tx)
            .With("@id", timerId).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public Task<Silence> AddSilenceAsync(long incidentId, string by, string reason, DateTimeOffset createdUtc, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            var id = await session.Command("INSERT INTO silences (incident_id, created_by, reason, created_at, expires_at) VALUES (@i, @by, @r, @c, @e) RETURNING id")
                .With("@i", incidentId).With("@by", by).With("@r", reason).With("@c", Dialect.Time(createdUtc)).With("@e", Dialect.Time(expiresUtc))
                .ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            return new Silence(id, incidentId, by, reason, createdUtc, expiresUtc);
        }, cancellationToken);

    public Task<IReadOnlyList<Silence>> GetActiveSilencesAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, incident_id, created_by, reason, created_at, expires_at FROM silences WHERE expires_at > @now ORDER BY id",
            c => c.With("@now", Dialect.Time(nowUtc)),
            r => new Silence(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Dialect.ReadTime(r, 4), Dialect.ReadTime(r, 5)),
            cancellationToken);

    public async Task<DateTimeOffset?> LastEnqueuedAsync(string orderKey, CancellationToken cancellationToken)
    {
        var list = await QueryAsync("SELECT MAX(created_at) FROM outbox WHERE order_key = @k", c => c.With("@k", orderKey), r => Dialect.ReadTimeOrNull(r, 0), cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    /// <summary>
    /// Marks a message sent or failed (<paramref name="update"/> ends with <c>AND </c>): one that is pending, or handed
    /// over. On several nodes, a handed-over message only by the store that handed it over — which also settles it when
    /// another node's start-up recovery has meanwhile taken it for in doubt (its sender is alive and knows the outcome).
    /// </summary>
    private Task SettleAsync(long messageId, string update, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var states = !Dialect.SharedByNodes ? "state IN ('pending', 'handed')"
            : _handedHere.ContainsKey(messageId) ? "state IN ('pending', 'handed', 'sent_unconfirmed')"
            : "state = 'pending'";
        return Sessions.RunAsync(async session =>
        {
            var command = session.Command(update + states).With("@id", messageId);
            bind(command);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _handedHere.TryRemove(messageId, out _);
        }, cancellationToken);
    }

    /// <summary>Inserts <paramref name="messages"/> (keys already present are skipped) and runs <paramref name="more"/>, in one transaction; returns how many were added.</summary>
    private Task<int> InsertMessagesAsync(IReadOnlyList<OutboxMessage> messages, Func<IStoreSession, DbTransaction, Task>? more, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var added = 0;
            foreach (var m in messages)
            {
                added += await InsertMessageAsync(session, tx, m, cancellationToken).ConfigureAwait(false);
            }

            if (more is not null)
            {
                await more(session, tx).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return added;
        }, cancellationToken);

    private Task<int> InsertMessageAsync(IStoreSession session, DbTransaction tx, OutboxMessage m, CancellationToken cancellationToken) =>
        session.Command(
            "INSERT INTO outbox (idempotency_key, alert_id, channel, responder_id, recipient, order_key, subject, text_body, html_body, payload, attempts, due_at, state, created_at) " +
            "VALUES (@k, @a, @c, @resp, @rcpt, @o, @s, @t, @h, @p, 0, @due, 'pending', @created) ON CONFLICT (idempotency_key) DO NOTHING", tx)
            .With("@k", m.IdempotencyKey).With("@a", m.AlertId).With("@c", m.Channel).With("@resp", m.ResponderId).With("@rcpt", m.Recipient)
            .With("@o", m.OrderKey).With("@s", m.Subject).With("@t", m.TextBody).With("@h", m.HtmlBody).With("@p", m.PayloadJson)
            .With("@due", Dialect.Time(m.DueUtc)).With("@created", Dialect.Time(m.CreatedUtc))
            .ExecuteNonQueryAsync(cancellationToken);

    private Task<IReadOnlyList<AlertRecord>> QueryAlertsAsync(string sql, long p, CancellationToken cancellationToken) =>
        QueryAsync(sql, c => c.With("@p", p), ReadAlert, cancellationToken);

    private AlertRecord ReadAlert(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.LongOrNull(3), (IncidentLevel)r.GetInt32(4), r.GetString(5), r.GetString(6),
        JsonSerializer.Deserialize<List<LevelReason>>(r.GetString(7)) ?? [], Dialect.ReadTime(r, 8), r.GetString(9),
        r.StringOrNull(10), Dialect.ReadTimeOrNull(r, 11), r.StringOrNull(12));

    private Task<IReadOnlyList<OutboxMessage>> QueryMessagesAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        QueryAsync(sql, bind, ReadMessage, cancellationToken);

    private async Task<IReadOnlyList<OutboxMessage>> ReadMessagesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<OutboxMessage>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadMessage(r));
        }

        return list;
    }

    private OutboxMessage ReadMessage(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.LongOrNull(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.GetString(8), r.StringOrNull(9), r.GetString(10), r.GetInt32(11), Dialect.ReadTime(r, 12), r.GetString(13), r.StringOrNull(14),
        Dialect.ReadTime(r, 15), Dialect.ReadTimeOrNull(r, 16), Dialect.ReadTimeOrNull(r, 17));

    private Task<IReadOnlyList<AlertTimer>> QueryTimersAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        QueryAsync(sql, bind, r => new AlertTimer(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), Dialect.ReadTime(r, 4), r.GetString(5)), cancellationToken);
}
