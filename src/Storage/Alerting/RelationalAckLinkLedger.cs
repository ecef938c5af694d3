using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// <see cref="IAckLinkLedger"/> on a SQL engine, shared by the SQLite and PostgreSQL stores: the claim is one
/// <c>INSERT … ON CONFLICT DO NOTHING</c>, so of two nodes claiming one link at once exactly one inserts.
/// </summary>
public abstract class RelationalAckLinkLedger(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IAckLinkLedger
{
    public Task<AckLinkUse?> TryClaimAsync(AckLinkUse use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(use);
        return Sessions.RunAsync<AckLinkUse?>(async session =>
        {
            if (await session.Command(
                "INSERT INTO ack_link_uses (link_id, alert_id, responder, action, label, used_at) VALUES (@id, @a, @r, @act, @l, @at) ON CONFLICT (link_id) DO NOTHING")
                .With("@id", use.LinkId).With("@a", use.AlertId).With("@r", use.Responder).With("@act", use.Action).With("@l", use.Label).With("@at", Dialect.Time(use.UsedAtUtc))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return null;
            }

            await using var r = await session.Command("SELECT link_id, alert_id, responder, action, label, used_at FROM ack_link_uses WHERE link_id = @id").With("@id", use.LinkId)
                .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new AckLinkUse(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.StringOrNull(4), Dialect.ReadTime(r, 5))
                : throw new InvalidOperationException($"link {use.LinkId} was neither claimed nor found");
        }, cancellationToken);
    }

    public Task ReleaseAsync(string linkId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("DELETE FROM ack_link_uses WHERE link_id = @id").With("@id", linkId).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task RecordReplayAsync(string linkId, long alertId, DateTimeOffset atUtc, string? remote, string? userAgent, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("INSERT INTO ack_link_replays (link_id, alert_id, at, remote, user_agent) VALUES (@id, @a, @at, @rem, @ua)")
            .With("@id", linkId).With("@a", alertId).With("@at", Dialect.Time(atUtc)).With("@rem", remote).With("@ua", userAgent)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<AckLinkReplay>> GetReplaysAsync(long alertId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, link_id, alert_id, at, remote, user_agent FROM ack_link_replays WHERE alert_id = @a ORDER BY id",
            c => c.With("@a", alertId),
            r => new AckLinkReplay(r.GetInt64(0), r.GetString(1), r.GetInt64(2), Dialect.ReadTime(r, 3), r.StringOrNull(4), r.StringOrNull(5)),
            cancellationToken);
}
