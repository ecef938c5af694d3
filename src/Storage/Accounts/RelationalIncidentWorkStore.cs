using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Accounts;

/// <summary><see cref="IIncidentWorkStore"/> on a SQL engine (table <c>console_incident_work</c>), shared by the SQLite and PostgreSQL stores.</summary>
public abstract class RelationalIncidentWorkStore(IStoreSessions sessions, StoreDialect dialect, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalStore(sessions, dialect), IIncidentWorkStore
{
    private readonly Core.Pipeline.PipelineSignals? _signals = signals;

    public async Task<long> AddAsync(long incidentId, string kind, string actor, DateTimeOffset atUtc, string value, Uri? url, DateTimeOffset? postedAtUtc, CancellationToken cancellationToken)
    {
        var id = await Sessions.RunAsync(session => session.Command(
                "INSERT INTO console_incident_work (incident_id, kind, actor, at, value, url, posted_at) VALUES (@i, @k, @a, @at, @v, @u, @p) RETURNING id")
            .With("@i", incidentId).With("@k", kind).With("@a", actor).With("@at", Dialect.Time(atUtc)).With("@v", value)
            .With("@u", url?.AbsoluteUri).With("@p", Dialect.Time(postedAtUtc))
            .ScalarLongAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        _signals?.IncidentsChanged.Notify();
        return id;
    }

    public Task<IReadOnlyList<IncidentWorkItem>> GetAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, incident_id, kind, actor, at, value, url, posted_at FROM console_incident_work WHERE incident_id = @i ORDER BY id",
            c => c.With("@i", incidentId),
            r => new IncidentWorkItem(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Dialect.ReadTime(r, 4), r.GetString(5),
                r.StringOrNull(6) is { } u ? new Uri(u) : null, Dialect.ReadTimeOrNull(r, 7)),
            cancellationToken);

    public async Task<IReadOnlyDictionary<long, string>> GetAssigneesAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT w.incident_id, w.value FROM console_incident_work w JOIN (SELECT incident_id, MAX(id) AS id FROM console_incident_work WHERE kind = 'assign' GROUP BY incident_id) m ON m.id = w.id",
            _ => { }, r => (Incident: r.GetInt64(0), Assignee: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<long, string>();
        foreach (var (incident, assignee) in rows)
        {
            map[incident] = assignee;
        }

        return map;
    }

    public async Task<IReadOnlySet<long>> GetSharedWithPoliceAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT DISTINCT incident_id FROM console_incident_work WHERE kind = 'share_police'", _ => { }, r => r.GetInt64(0), cancellationToken).ConfigureAwait(false))
        .ToHashSet();
}
