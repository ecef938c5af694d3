using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// The store's change feeds for an external search index (<see cref="ISearchFeed"/>): <c>post_changes</c>,
/// <c>classifications</c> and <c>search_incident_changes</c> (migration 0520), with the consumer's checkpoint in
/// <c>search_checkpoint</c> under <c>CONSUMER:posts</c>, <c>CONSUMER:classifications</c>, <c>CONSUMER:incidents</c>.
/// A batch's documents are read in one read transaction, so each is one consistent state of its post.
/// </summary>
public sealed class SqliteSearchFeed(SqliteDatabase database, TimeProvider time) : ISearchFeed
{
    private const string Posts = "posts";
    private const string Classifications = "classifications";
    private const string Incidents = "incidents";

    public async Task<SearchFeedBatch> ReadAsync(string consumer, int maxChanges, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChanges, 1);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A deferred (read) transaction: one snapshot of the store for the whole batch, no write lock.
        await using var tx = connection.BeginTransaction(deferred: true);
        var from = await PositionsAsync(connection, tx, consumer, cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<long>();
        var postsTo = await FollowAsync(connection, tx, "SELECT seq, post_id FROM post_changes WHERE seq > $from ORDER BY seq LIMIT $n", from.Posts, maxChanges, ids, cancellationToken).ConfigureAwait(false);
        var classificationsTo = await FollowAsync(connection, tx, "SELECT sequence, post_id FROM classifications WHERE sequence > $from ORDER BY sequence LIMIT $n", from.Classifications, maxChanges, ids, cancellationToken).ConfigureAwait(false);
        var incidents = new HashSet<long>();
        var incidentsTo = await FollowAsync(connection, tx, "SELECT seq, incident_id FROM search_incident_changes WHERE seq > $from ORDER BY seq LIMIT $n", from.Incidents, maxChanges, incidents, cancellationToken).ConfigureAwait(false);
        if (incidents.Count > 0)
        {
            // Every post of a changed incident, and of the incidents merged into it (their level is the absorber's).
            await using var members = connection.Command(
                "SELECT ip.post_id FROM incident_posts ip JOIN incidents i ON i.id = ip.incident_id " +
                "WHERE ip.incident_id IN (SELECT value FROM json_each($ids)) OR i.merged_into IN (SELECT value FROM json_each($ids))", tx)
                .With("$ids", JsonSerializer.Serialize(incidents));
            await using var r = await members.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        var to = new SearchFeedPositions(postsTo, classificationsTo, incidentsTo);
        var docs = ids.Count == 0 ? [] : await DocumentsAsync(connection, tx, ids, cancellationToken).ConfigureAwait(false);
        return new SearchFeedBatch(from, to, docs);
    }

    public async Task<bool> CommitAsync(string consumer, SearchFeedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await PositionsAsync(connection, tx, consumer, cancellationToken).ConfigureAwait(false) != batch.From)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await using var set = connection.Command(
                "INSERT INTO search_checkpoint (feed, position, updated_at) VALUES ($feed, $pos, $at) " +
                "ON CONFLICT (feed) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at", tx)
            .With("$at", Sql.Time(time.GetUtcNow()));
        var feed = set.Parameters.Add("$feed", SqliteType.Text);
        var pos = set.Parameters.Add("$pos", SqliteType.Integer);
        foreach (var (name, position) in new[] { (Posts, batch.To.Posts), (Classifications, batch.To.Classifications), (Incidents, batch.To.Incidents) })
        {
            feed.Value = Key(consumer, name);
            pos.Value = position;
            await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task ResetAsync(string consumer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Command("DELETE FROM search_checkpoint WHERE feed IN ($a, $b, $c)")
            .With("$a", Key(consumer, Posts)).With("$b", Key(consumer, Classifications)).With("$c", Key(consumer, Incidents));
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> LagAsync(string consumer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT COUNT(DISTINCT post_id) FROM post_changes WHERE seq > COALESCE((SELECT position FROM search_checkpoint WHERE feed = $feed), 0)")
            .With("$feed", Key(consumer, Posts));
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PostSearchHit>> HydrateAsync(IReadOnlyList<SearchHitRef> hits, IReadOnlyList<string> words, int snippetChars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hits);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PostSearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            if (await SearchHitReader.ReadAsync(connection, hit, words, snippetChars, cancellationToken).ConfigureAwait(false) is { } full)
            {
                list.Add(full);
            }
        }

        return list;
    }

    public async Task<IReadOnlyList<PostSearchIncident>> IncidentsAsync(IReadOnlyList<(long IncidentId, long MatchingPosts)> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (incidents.Count == 0)
        {
            return [];
        }

        var counts = incidents.ToDictionary(i => i.IncidentId, i => i.MatchingPosts);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id, title, level, state, last_seen_at FROM incidents WHERE id IN (SELECT value FROM json_each($ids)) ORDER BY level DESC, last_seen_at DESC")
            .With("$ids", JsonSerializer.Serialize(counts.Keys));
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PostSearchIncident>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PostSearchIncident(r.GetInt64(0), r.GetString(1), (IncidentLevel)r.GetInt32(2), r.GetString(3), counts[r.GetInt64(0)], Sql.ParseTime(r.GetString(4))));
        }

        return list;
    }

    private static string Key(string consumer, string feed) => consumer + ":" + feed;

    private static async Task<SearchFeedPositions> PositionsAsync(SqliteConnection connection, SqliteTransaction tx, string consumer, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT COALESCE((SELECT position FROM search_checkpoint WHERE feed = $a), 0), COALESCE((SELECT position FROM search_checkpoint WHERE feed = $b), 0), " +
            "COALESCE((SELECT position FROM search_checkpoint WHERE feed = $c), 0)", tx)
            .With("$a", Key(consumer, Posts)).With("$b", Key(consumer, Classifications)).With("$c", Key(consumer, Incidents));
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new SearchFeedPositions(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    /// <summary>Reads up to <paramref name="max"/> feed rows past <paramref name="from"/>, adding their ids; returns the last position read.</summary>
    private static async Task<long> FollowAsync(SqliteConnection connection, SqliteTransaction tx, string sql, long from, int max, HashSet<long> ids, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, tx).With("$from", from).With("$n", max);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var last = from;
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            last = r.GetInt64(0);
            ids.Add(r.GetInt64(1));
        }

        return last;
    }

    private static async Task<IReadOnlyList<SearchDocument>> DocumentsAsync(SqliteConnection connection, SqliteTransaction tx, HashSet<long> ids, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(ids);
        var history = new Dictionary<long, StringBuilder>();
        await using (var read = connection.Command(
            "SELECT v.post_id, v.title, v.text FROM post_versions v JOIN posts p ON p.id = v.post_id " +
            "WHERE p.version > 1 AND v.version < p.version AND v.post_id IN (SELECT value FROM json_each($ids)) ORDER BY v.post_id, v.version", tx).With("$ids", json))
        {
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sb = history.TryGetValue(r.GetInt64(0), out var b) ? b : history[r.GetInt64(0)] = new StringBuilder();
                sb.Append(r.StringOrNull(1)).Append('\n').Append(r.GetString(2)).Append('\n');
            }
        }

        // Every contact of every classified version: an edit that removes a number does not hide the post from its search.
        var contacts = new Dictionary<long, List<SearchContact>>();
        await using (var read = connection.Command("SELECT post_id, contacts_json FROM classifications WHERE post_id IN (SELECT value FROM json_each($ids)) ORDER BY post_id, post_version", tx).With("$ids", json))
        {
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        await using (var read = connection.Command(
            "SELECT p.id, p.source_id, p.platform, COALESCE(p.published_at, p.first_seen_at), p.first_seen_at, p.author_id, p.author_name, p.title, p.text, p.version, p.deleted_at, " +
            "COALESCE(i.merged_into, i.id), COALESCE(m.level, i.level), c.label, c.confidence, " +
            "COALESCE((SELECT MAX(seq) FROM post_changes WHERE post_id = p.id), 0) + COALESCE((SELECT MAX(sequence) FROM classifications WHERE post_id = p.id), 0) + " +
            "COALESCE((SELECT MAX(seq) FROM search_incident_changes WHERE incident_id IN (ip.incident_id, i.merged_into)), 0) " +
            "FROM posts p LEFT JOIN incident_posts ip ON ip.post_id = p.id LEFT JOIN incidents i ON i.id = ip.incident_id LEFT JOIN incidents m ON m.id = i.merged_into " +
            "LEFT JOIN classifications c ON c.sequence = (SELECT sequence FROM classifications WHERE post_id = p.id ORDER BY post_version DESC LIMIT 1) " +
            "WHERE p.id IN (SELECT value FROM json_each($ids)) ORDER BY p.id", tx).With("$ids", json))
        {
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = r.GetInt64(0);
                docs.Add(new SearchDocument(
                    id, r.GetInt64(15), r.GetString(1), r.GetString(2), Sql.ParseTime(r.GetString(3)), Sql.ParseTime(r.GetString(4)), r.StringOrNull(5), r.StringOrNull(6),
                    r.StringOrNull(7), r.GetString(8), history.TryGetValue(id, out var h) ? h.ToString() : null, r.GetInt32(9), r.StringOrNull(13),
                    r.IsDBNull(14) ? null : r.GetDouble(14), contacts.TryGetValue(id, out var c) ? c : [], r.LongOrNull(11),
                    r.IsDBNull(12) ? IncidentLevel.None : (IncidentLevel)r.GetInt32(12), r.TimeOrNull(10)));
            }
        }

        return docs;
    }
}
