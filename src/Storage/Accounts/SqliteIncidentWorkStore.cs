using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Accounts;

/// <summary>SQLite implementation of <see cref="IIncidentWorkStore"/> (table <c>console_incident_work</c>).</summary>
public sealed class SqliteIncidentWorkStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null) : IIncidentWorkStore
{
    public async Task<long> AddAsync(long incidentId, string kind, string actor, DateTimeOffset atUtc, string value, Uri? url, DateTimeOffset? postedAtUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "INSERT INTO console_incident_work (incident_id, kind, actor, at, value, url, posted_at) VALUES ($i, $k, $a, $at, $v, $u, $p) RETURNING id")
            .With("$i", incidentId).With("$k", kind).With("$a", actor).With("$at", Sql.Time(atUtc)).With("$v", value)
            .With("$u", url?.AbsoluteUri).With("$p", Sql.Time(postedAtUtc));
        var id = await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        signals?.IncidentsChanged.Notify();
        return id;
    }

    public async Task<IReadOnlyList<IncidentWorkItem>> GetAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id, incident_id, kind, actor, at, value, url, posted_at FROM console_incident_work WHERE incident_id = $i ORDER BY id").With("$i", incidentId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IncidentWorkItem>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new IncidentWorkItem(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Sql.ParseTime(r.GetString(4)), r.GetString(5),
                r.StringOrNull(6) is { } u ? new Uri(u) : null, r.TimeOrNull(7)));
        }

        return list;
    }

    public async Task<IReadOnlyDictionary<long, string>> GetAssigneesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT w.incident_id, w.value FROM console_incident_work w JOIN (SELECT incident_id, MAX(id) AS id FROM console_incident_work WHERE kind = 'assign' GROUP BY incident_id) m ON m.id = w.id");
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<long, string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            map[r.GetInt64(0)] = r.GetString(1);
        }

        return map;
    }

    public async Task<IReadOnlySet<long>> GetSharedWithPoliceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT DISTINCT incident_id FROM console_incident_work WHERE kind = 'share_police'");
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var set = new HashSet<long>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            set.Add(r.GetInt64(0));
        }

        return set;
    }
}
