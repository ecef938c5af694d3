using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Alerting;

/// <summary>SQLite implementation of <see cref="IAckLinkLedger"/>: the claim is one <c>INSERT … ON CONFLICT DO NOTHING</c>.</summary>
public sealed class SqliteAckLinkLedger(SqliteDatabase database) : IAckLinkLedger
{
    public async Task<AckLinkUse?> TryClaimAsync(AckLinkUse use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(use);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = connection.Command(
            "INSERT INTO ack_link_uses (link_id, alert_id, responder, action, label, used_at) VALUES ($id, $a, $r, $act, $l, $at) ON CONFLICT (link_id) DO NOTHING")
            .With("$id", use.LinkId).With("$a", use.AlertId).With("$r", use.Responder).With("$act", use.Action).With("$l", use.Label).With("$at", Sql.Time(use.UsedAtUtc)))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return null;
            }
        }

        await using var select = connection.Command("SELECT link_id, alert_id, responder, action, label, used_at FROM ack_link_uses WHERE link_id = $id").With("$id", use.LinkId);
        await using var r = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AckLinkUse(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.StringOrNull(4), Sql.ParseTime(r.GetString(5)))
            : throw new InvalidOperationException($"link {use.LinkId} was neither claimed nor found");
    }

    public async Task ReleaseAsync(string linkId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Command("DELETE FROM ack_link_uses WHERE link_id = $id").With("$id", linkId);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordReplayAsync(string linkId, long alertId, DateTimeOffset atUtc, string? remote, string? userAgent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.Command("INSERT INTO ack_link_replays (link_id, alert_id, at, remote, user_agent) VALUES ($id, $a, $at, $rem, $ua)")
            .With("$id", linkId).With("$a", alertId).With("$at", Sql.Time(atUtc)).With("$rem", remote).With("$ua", userAgent);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AckLinkReplay>> GetReplaysAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Command("SELECT id, link_id, alert_id, at, remote, user_agent FROM ack_link_replays WHERE alert_id = $a ORDER BY id").With("$a", alertId);
        await using var r = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<AckLinkReplay>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AckLinkReplay(r.GetInt64(0), r.GetString(1), r.GetInt64(2), Sql.ParseTime(r.GetString(3)), r.StringOrNull(4), r.StringOrNull(5)));
        }

        return list;
    }
}
