using System.Data.Common;
using System.Text.Json;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// <see cref="IIncidentStore"/> on a SQL engine (tables <c>incidents</c>, <c>incident_posts</c>), shared by the SQLite
/// and PostgreSQL stores. Creating an incident is one writer's at a time (<see cref="StoreDialect.SerializeAsync"/>), so
/// two nodes clustering the same story at once get one incident: the second finds the first's key (or its post) and
/// joins it. A post joining an incident is a development the office's automatic 续报 follows (a new platform, growth;
/// the triggers of migration 0752 log it): the store signals <see cref="PipelineSignals.IncidentsChanged"/> after it
/// commits one.
/// </summary>
public abstract class RelationalIncidentStore(IStoreSessions sessions, StoreDialect dialect, PipelineSignals? signals = null)
    : RelationalStore(sessions, dialect), IIncidentStore
{
    private const string Columns = "id, key, title, level, reasons, first_seen_at, last_seen_at, first_post_id, first_url, post_count, platforms, labels, sites, trend, burst, state";

    /// <summary>Everything <see cref="Read"/> needs: the life-cycle columns (0320) are written only by <see cref="RelationalIncidentActionStore"/>.</summary>
    internal const string ReadColumns = Columns + ", merged_into, stage, reopened";

    /// <summary>The name incident creation is serialised under (<see cref="StoreDialect.SerializeAsync"/>).</summary>
    private const string CreationLock = "incidents";

    /// <summary>The join feed (<c>incident_joins</c>, migration 0752) whose lock its triggers take.</summary>
    private const string JoinFeed = "incident_joins";

    /// <summary>Joins handed back at most per refused creation.</summary>
    private const int MissedBatch = 1000;

    private const string UpdateSet =
        "UPDATE incidents SET title = @title, level = @level, reasons = @reasons, first_seen_at = @first, last_seen_at = @last, post_count = @count, " +
        "platforms = @platforms, labels = @labels, sites = @sites, trend = @trend, burst = @burst WHERE id = @id";

    public Task<long> CreateAsync(IncidentRecord incident, IncidentPost firstPost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(firstPost);
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.SerializeAsync(session, tx, CreationLock, cancellationToken).ConfigureAwait(false);
            var (id, joined) = await CreateInAsync(session, tx, incident, firstPost, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            NotifyIf(joined);
            return id;
        }, cancellationToken);
    }

    public Task<long> LastJoinAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("SELECT COALESCE(MAX(seq), 0) FROM incident_joins").ScalarLongAsync(cancellationToken), cancellationToken);

    /// <remarks>
    /// The join feed's lock (taken by its triggers on every insert into or move within <c>incident_posts</c>, held to
    /// the commit) is taken before the check, so no join is in flight while it counts: the joins after the caller's view
    /// are exactly the committed rows past <see cref="IncidentView.SeenThrough"/>, and if they number the caller's own,
    /// there are no others'. The own joins are counted rather than listed: one indexed range count per creation.
    /// </remarks>
    public Task<IncidentCreation> CreateUnlessJoinedAsync(IncidentRecord incident, IncidentPost firstPost, IncidentView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(firstPost);
        ArgumentNullException.ThrowIfNull(view);
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.SerializeAsync(session, tx, CreationLock, cancellationToken).ConfigureAwait(false);
            await Dialect.LockChangeFeedAsync(session, tx, JoinFeed, cancellationToken).ConfigureAwait(false);
            var after = await session.Command("SELECT COUNT(*) FROM incident_joins WHERE seq > @since", tx).With("@since", view.SeenThrough)
                .ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            if (after != view.OwnJoins)
            {
                var missed = new List<JoinedPost>();
                var through = view.SeenThrough;
                await using (var r = await session.Command(
                    "SELECT j.seq, p.incident_id, p.data FROM incident_joins j LEFT JOIN incident_posts p ON p.post_id = j.post_id " +
                    "WHERE j.seq > @since ORDER BY j.seq LIMIT @limit", tx)
                    .With("@since", view.SeenThrough).With("@limit", MissedBatch).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        through = r.GetInt64(0);
                        if (!r.IsDBNull(2))
                        {
                            // The post's incident now (a merge may have moved it since it joined).
                            missed.Add(new JoinedPost(through, r.GetInt64(1), JsonSerializer.Deserialize<IncidentPost>(r.GetString(2))!));
                        }
                    }
                }

                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);

                // The caller indexes these (its own among them are already there) and looks again; past the batch it asks again.
                return new IncidentCreation(null, new IncidentView(through, 0), missed);
            }

            var (id, joined) = await CreateInAsync(session, tx, incident, firstPost, cancellationToken).ConfigureAwait(false);
            var last = await session.Command("SELECT COALESCE(MAX(seq), 0) FROM incident_joins", tx).ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            NotifyIf(joined);
            return new IncidentCreation(id, new IncidentView(last, 0), []);
        }, cancellationToken);
    }

    /// <summary>
    /// Inside a transaction holding the creation lock: the incident the post already belongs to, else the incident with
    /// the same key (the post joins it), else a new one; and whether the post joined an existing incident.
    /// </summary>
    private async Task<(long Id, bool Joined)> CreateInAsync(IStoreSession session, DbTransaction tx, IncidentRecord incident, IncidentPost firstPost, CancellationToken cancellationToken)
    {
        if (await session.Command("SELECT incident_id FROM incident_posts WHERE post_id = @p", tx).With("@p", firstPost.PostId)
            .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long known)
        {
            return (known, false);
        }

        if (await session.Command("SELECT id FROM incidents WHERE key = @k", tx).With("@k", incident.Key)
            .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sameKey)
        {
            return (sameKey, await InsertPostAsync(session, tx, sameKey, firstPost, cancellationToken).ConfigureAwait(false));
        }

        var id = await Bind(session.Command(
            $"INSERT INTO incidents ({Columns[4..]}) VALUES (@key, @title, @level, @reasons, @first, @last, @fp, @furl, @count, @platforms, @labels, @sites, @trend, @burst, @state) RETURNING id", tx), incident)
            .ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        await InsertPostAsync(session, tx, id, firstPost, cancellationToken).ConfigureAwait(false);
        return (id, false);
    }

    public Task<bool> AddPostAsync(long incidentId, IncidentPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        return Sessions.RunAsync(async session =>
        {
            var joined = await InsertPostAsync(session, null, incidentId, post, cancellationToken).ConfigureAwait(false);
            NotifyIf(joined);
            return joined;
        }, cancellationToken);
    }

    private void NotifyIf(bool joined)
    {
        if (joined)
        {
            signals?.IncidentsChanged.Notify();
        }
    }

    public Task<long?> FindIncidentOfPostAsync(long postId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
            await session.Command("SELECT incident_id FROM incident_posts WHERE post_id = @p").With("@p", postId)
                .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?, cancellationToken);

    /// <remarks>
    /// The state is not written here: close, re-open and merge go through <see cref="RelationalIncidentActionStore"/>, so
    /// a worker re-grading an incident it read a moment earlier cannot undo a person's close.
    /// </remarks>
    public Task UpdateAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Sessions.RunAsync(session => Bind(session.Command(UpdateSet), incident).With("@id", incident.Id)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public Task<bool> UpdateGradedAsync(IncidentRecord incident, IncidentLevel levelRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Sessions.RunAsync(async session =>
            await Bind(session.Command(UpdateSet + " AND level = @read AND state = @open"), incident)
                .With("@id", incident.Id).With("@read", (int)levelRead).With("@open", IncidentStates.Open)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1, cancellationToken);
    }

    public async Task<IncidentRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var list = await QueryAsync($"SELECT {ReadColumns} FROM incidents WHERE id = @id", c => c.With("@id", id), r => Read(r, Dialect), cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<IncidentRecord>> ListAsync(DateTimeOffset activeSinceUtc, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {ReadColumns} FROM incidents WHERE last_seen_at >= @since ORDER BY last_seen_at DESC, id DESC LIMIT @limit",
            c => c.With("@since", Dialect.Time(activeSinceUtc)).With("@limit", limit), r => Read(r, Dialect), cancellationToken);

    public Task<IReadOnlyList<IncidentPost>> GetPostsAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT data FROM incident_posts WHERE incident_id = @id ORDER BY at, post_id",
            c => c.With("@id", incidentId), r => JsonSerializer.Deserialize<IncidentPost>(r.GetString(0))!, cancellationToken);

    private async Task<bool> InsertPostAsync(IStoreSession session, DbTransaction? tx, long incidentId, IncidentPost post, CancellationToken cancellationToken) =>
        await session.Command("INSERT INTO incident_posts (post_id, incident_id, at, data) VALUES (@p, @i, @at, @data) ON CONFLICT (post_id) DO NOTHING", tx)
            .With("@p", post.PostId).With("@i", incidentId).With("@at", Dialect.Time(post.At)).With("@data", JsonSerializer.Serialize(post))
            .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;

    private DbCommand Bind(DbCommand c, IncidentRecord i) => c
        .With("@key", i.Key).With("@title", i.Title).With("@level", (int)i.Level).With("@reasons", JsonSerializer.Serialize(i.Reasons))
        .With("@first", Dialect.Time(i.FirstSeenUtc)).With("@last", Dialect.Time(i.LastSeenUtc)).With("@fp", i.FirstPostId).With("@furl", i.FirstUrl.AbsoluteUri)
        .With("@count", i.PostCount).With("@platforms", JsonSerializer.Serialize(i.Platforms)).With("@labels", JsonSerializer.Serialize(i.Labels))
        .With("@sites", JsonSerializer.Serialize(i.Sites)).With("@trend", i.Trend).With("@burst", i.Burst ? 1 : 0).With("@state", i.State);

    /// <summary>An incident from a row of <see cref="ReadColumns"/>.</summary>
    internal static IncidentRecord Read(DbDataReader r, StoreDialect dialect) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), (IncidentLevel)r.GetInt32(3),
        JsonSerializer.Deserialize<List<LevelReason>>(r.GetString(4)) ?? [],
        dialect.ReadTime(r, 5), dialect.ReadTime(r, 6), r.GetInt64(7), new Uri(r.GetString(8)), r.GetInt32(9),
        JsonSerializer.Deserialize<List<string>>(r.GetString(10)) ?? [], JsonSerializer.Deserialize<List<string>>(r.GetString(11)) ?? [],
        JsonSerializer.Deserialize<List<string>>(r.GetString(12)) ?? [], r.GetString(13), r.GetInt32(14) == 1, r.GetString(15))
    {
        MergedInto = r.LongOrNull(16),
        Stage = r.StringOrNull(17),
        Reopened = r.GetInt32(18),
    };
}
