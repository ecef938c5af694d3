using System.Data.Common;
using System.Text;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// The store's change feeds for an external search index (<see cref="ISearchFeed"/>), shared by the SQLite and
/// PostgreSQL stores: <c>post_changes</c>, <c>classifications</c> and <c>search_incident_changes</c> (a trigger-written
/// feed: SQLite 0520, PostgreSQL 0520), with the consumer's checkpoint in <c>search_checkpoint</c> under
/// <c>CONSUMER:posts</c>, <c>CONSUMER:classifications</c>, <c>CONSUMER:incidents</c>.
/// A batch is read in one snapshot (<see cref="StoreDialect.BeginSnapshotAsync"/>), so each document is one consistent
/// state of its post. A post is never lost from the feed: each feed's sequence order is its commit order (SQLite: one
/// writer; PostgreSQL: every append under the feed's advisory lock), so reading past <c>n</c> never skips a smaller
/// number committed later; and the checkpoint moves only in <see cref="CommitAsync"/>, after the index has the batch.
/// </summary>
public abstract class RelationalSearchFeed(IStoreSessions sessions, StoreDialect dialect, TimeProvider time)
    : RelationalStore(sessions, dialect), ISearchFeed
{
    private const string Posts = "posts";
    private const string Classifications = "classifications";
    private const string Incidents = "incidents";

    public Task<SearchFeedBatch> ReadAsync(string consumer, int maxChanges, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChanges, 1);
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await Dialect.BeginSnapshotAsync(session.Connection, cancellationToken).ConfigureAwait(false);
            var from = await PositionsAsync(session, tx, consumer, cancellationToken).ConfigureAwait(false);
            var ids = new HashSet<long>();
            var postsTo = await FollowAsync(session, tx, "SELECT seq, post_id FROM post_changes WHERE seq > @from ORDER BY seq LIMIT @n", from.Posts, maxChanges, ids, cancellationToken).ConfigureAwait(false);
            var classificationsTo = await FollowAsync(session, tx, "SELECT sequence, post_id FROM classifications WHERE sequence > @from ORDER BY sequence LIMIT @n", from.Classifications, maxChanges, ids, cancellationToken).ConfigureAwait(false);
            var incidents = new HashSet<long>();
            var incidentsTo = await FollowAsync(session, tx, "SELECT seq, incident_id FROM search_incident_changes WHERE seq > @from ORDER BY seq LIMIT @n", from.Incidents, maxChanges, incidents, cancellationToken).ConfigureAwait(false);
            if (incidents.Count > 0)
            {
                // Every post of a changed incident, and of the incidents merged into it (their level is the absorber's).
                await using var r = await session.Command(
                        "SELECT ip.post_id FROM incident_posts ip JOIN incidents i ON i.id = ip.incident_id " +
                        $"WHERE {Dialect.IdIn("ip.incident_id", "@ids")} OR {Dialect.IdIn("i.merged_into", "@ids")}", tx)
                    .With("@ids", Dialect.Ids(incidents)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(r.GetInt64(0));
                }
            }

            var to = new SearchFeedPositions(postsTo, classificationsTo, incidentsTo);
            var docs = ids.Count == 0 ? [] : await DocumentsAsync(session, tx, ids, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new SearchFeedBatch(from, to, docs);
        }, cancellationToken);
    }

    public Task<bool> CommitAsync(string consumer, SearchFeedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Compare and set: two indexers committing at once (two nodes during a lease change) — one moves it.
            await Dialect.SerializeAsync(session, tx, "search_checkpoint:" + consumer, cancellationToken).ConfigureAwait(false);
            if (await PositionsAsync(session, tx, consumer, cancellationToken).ConfigureAwait(false) != batch.From)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            foreach (var (name, position) in new[] { (Posts, batch.To.Posts), (Classifications, batch.To.Classifications), (Incidents, batch.To.Incidents) })
            {
                await session.Command(
                        "INSERT INTO search_checkpoint (feed, position, updated_at) VALUES (@feed, @pos, @at) " +
                        "ON CONFLICT (feed) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at", tx)
                    .With("@feed", Key(consumer, name)).With("@pos", position).With("@at", Dialect.Time(time.GetUtcNow()))
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task ResetAsync(string consumer, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("DELETE FROM search_checkpoint WHERE feed IN (@a, @b, @c)")
            .With("@a", Key(consumer, Posts)).With("@b", Key(consumer, Classifications)).With("@c", Key(consumer, Incidents))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<long> LagAsync(string consumer, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command(
                "SELECT COUNT(DISTINCT post_id) FROM post_changes WHERE seq > COALESCE((SELECT position FROM search_checkpoint WHERE feed = @feed), 0)")
            .With("@feed", Key(consumer, Posts)).ScalarLongAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<PostSearchHit>> HydrateAsync(IReadOnlyList<SearchHitRef> hits, IReadOnlyList<string> words, int snippetChars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hits);
        return Sessions.RunAsync<IReadOnlyList<PostSearchHit>>(async session =>
        {
            var list = new List<PostSearchHit>(hits.Count);
            foreach (var hit in hits)
            {
                if (await SearchHitReader.ReadAsync(sql => session.Command(sql), Dialect, hit, words, snippetChars, cancellationToken).ConfigureAwait(false) is { } full)
                {
                    list.Add(full);
                }
            }

            return list;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<PostSearchIncident>> IncidentsAsync(IReadOnlyList<(long IncidentId, long MatchingPosts)> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (incidents.Count == 0)
        {
            return [];
        }

        var counts = incidents.ToDictionary(i => i.IncidentId, i => i.MatchingPosts);
        return await QueryAsync(
            $"SELECT id, title, level, state, last_seen_at FROM incidents WHERE {Dialect.IdIn("id", "@ids")} ORDER BY level DESC, last_seen_at DESC",
            c => c.With("@ids", Dialect.Ids(counts.Keys)),
            r => new PostSearchIncident(r.GetInt64(0), r.GetString(1), (IncidentLevel)r.GetInt32(2), r.GetString(3), counts[r.GetInt64(0)], Dialect.ReadTime(r, 4)),
            cancellationToken).ConfigureAwait(false);
    }

    private static string Key(string consumer, string feed) => consumer + ":" + feed;

    private static async Task<SearchFeedPositions> PositionsAsync(IStoreSession session, DbTransaction tx, string consumer, CancellationToken cancellationToken)
    {
        await using var r = await session.Command(
                "SELECT COALESCE((SELECT position FROM search_checkpoint WHERE feed = @a), 0), COALESCE((SELECT position FROM search_checkpoint WHERE feed = @b), 0), " +
                "COALESCE((SELECT position FROM search_checkpoint WHERE feed = @c), 0)", tx)
            .With("@a", Key(consumer, Posts)).With("@b", Key(consumer, Classifications)).With("@c", Key(consumer, Incidents))
            .ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new SearchFeedPositions(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    /// <summary>Reads up to <paramref name="max"/> feed rows past <paramref name="from"/>, adding their ids; returns the last position read.</summary>
    private static async Task<long> FollowAsync(IStoreSession session, DbTransaction tx, string sql, long from, int max, HashSet<long> ids, CancellationToken cancellationToken)
    {
        await using var r = await session.Command(sql, tx).With("@from", from).With("@n", max).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var last = from;
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            last = r.GetInt64(0);
            ids.Add(r.GetInt64(1));
        }

        return last;
    }

    private async Task<IReadOnlyList<SearchDocument>> DocumentsAsync(IStoreSession session, DbTransaction tx, HashSet<long> ids, CancellationToken cancellationToken)
    {
        var bound = Dialect.Ids(ids);
        var history = new Dictionary<long, StringBuilder>();
        await using (var r = await session.Command(
                "SELECT v.post_id, v.title, v.text FROM post_versions v JOIN posts p ON p.id = v.post_id " +
                $"WHERE p.version > 1 AND v.version < p.version AND {Dialect.IdIn("v.post_id", "@ids")} ORDER BY v.post_id, v.version", tx)
            .With("@ids", bound).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sb = history.TryGetValue(r.GetInt64(0), out var b) ? b : history[r.GetInt64(0)] = new StringBuilder();
                sb.Append(r.StringOrNull(1)).Append('\n').Append(r.GetString(2)).Append('\n');
            }
        }

        // Every contact of every classified version: an edit that removes a number does not hide the post from its search.
        var contacts = new Dictionary<long, List<SearchContact>>();
        await using (var r = await session.Command($"SELECT post_id, contacts_json FROM classifications WHERE {Dialect.IdIn("post_id", "@ids")} ORDER BY post_id, post_version", tx)
            .With("@ids", bound).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var list = contacts.TryGetValue(r.GetInt64(0), out var l) ? l : contacts[r.GetInt64(0)] = [];
                foreach (var (value, raw, kind) in SqliteSearchIndex.ParseContacts(r.GetString(1)))
                {
                    var contact = new SearchContact(value, raw, kind);
                    if (!list.Contains(contact))
                    {
                        list.Add(contact);
                    }
                }
            }
        }

        var docs = new List<SearchDocument>(ids.Count);
        await using (var r = await session.Command(
                "SELECT p.id, p.source_id, p.platform, COALESCE(p.published_at, p.first_seen_at), p.first_seen_at, p.author_id, p.author_name, p.title, p.text, p.version, p.deleted_at, " +
                "COALESCE(i.merged_into, i.id), COALESCE(m.level, i.level), c.label, c.confidence, " +
                "COALESCE((SELECT MAX(seq) FROM post_changes WHERE post_id = p.id), 0) + COALESCE((SELECT MAX(sequence) FROM classifications WHERE post_id = p.id), 0) + " +
                "COALESCE((SELECT MAX(seq) FROM search_incident_changes WHERE incident_id IN (ip.incident_id, i.merged_into)), 0) " +
                "FROM posts p LEFT JOIN incident_posts ip ON ip.post_id = p.id LEFT JOIN incidents i ON i.id = ip.incident_id LEFT JOIN incidents m ON m.id = i.merged_into " +
                "LEFT JOIN classifications c ON c.sequence = (SELECT sequence FROM classifications WHERE post_id = p.id ORDER BY post_version DESC LIMIT 1) " +
                $"WHERE {Dialect.IdIn("p.id", "@ids")} ORDER BY p.id", tx)
            .With("@ids", bound).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = r.GetInt64(0);
                docs.Add(new SearchDocument(
                    id, r.GetInt64(15), r.GetString(1), r.GetString(2), Dialect.ReadTime(r, 3), Dialect.ReadTime(r, 4), r.StringOrNull(5), r.StringOrNull(6),
                    r.StringOrNull(7), r.GetString(8), history.TryGetValue(id, out var h) ? h.ToString() : null, r.GetInt32(9), r.StringOrNull(13),
                    r.IsDBNull(14) ? null : r.GetDouble(14), contacts.TryGetValue(id, out var c) ? c : [], r.LongOrNull(11),
                    r.IsDBNull(12) ? IncidentLevel.None : (IncidentLevel)r.GetInt32(12), Dialect.ReadTimeOrNull(r, 10)));
            }
        }

        return docs;
    }
}
