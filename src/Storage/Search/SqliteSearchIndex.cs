using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Segmentation;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// Keeps the FTS5 index (migrations 0500, 0502) in step with the store. Three durable feeds are followed, each with
/// its row in <c>search_checkpoint</c>: <c>post_changes</c> (every insert and edit: the post's current title and text,
/// plus the words of its earlier versions), <c>classifications</c> (the latest label, every contact) and
/// <c>search_incident_changes</c> (a post joined an incident). Each post's row also carries its filter tags
/// (<see cref="SearchTags"/>); a label, contact or incident change re-writes the posts whose tags it changes. Words are
/// computed outside the write lock; the index rows and the checkpoint then commit in one IMMEDIATE transaction that
/// first checks the checkpoint has not moved, so several processes (the worker, <c>sw search reindex</c>) can index
/// at once without writing a batch twice or skipping one. A crash loses nothing: the checkpoint moves only with
/// the rows it covers. Deletions need no re-indexing: whether a post is deleted is read from the store at query time.
/// </summary>
public sealed class SqliteSearchIndex : IPostSearchIndex
{
    internal const string PostsFeed = "posts";
    internal const string ClassificationsFeed = "classifications";
    internal const string IncidentsFeed = "incidents";

    /// <summary>Batches at least this big are segmented on several threads.</summary>
    private const int ParallelFrom = 64;

    /// <summary>A batch result meaning "another indexer committed it first; read on".</summary>
    private const int Raced = -1;

    private readonly SqliteDatabase _database;
    private readonly ISearchTokenizer _tokenizer;
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private readonly ILogger _logger;

    public SqliteSearchIndex(SqliteDatabase database, ISearchTokenizer tokenizer, IOptions<SearchOptions> options, TimeProvider time, ILogger<SqliteSearchIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _tokenizer = tokenizer;
        _time = time;
        _batchSize = options.Value.Indexer.BatchSize;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<SearchIndexReport> CatchUpAsync(CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        long posts = 0, classifications = 0;
        while (true)
        {
            var round = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            posts += round.Posts;
            classifications += round.Classifications;
            if (!round.More)
            {
                break;
            }
        }

        return new SearchIndexReport(posts, classifications, sw.Elapsed);
    }

    public async Task<SearchIndexReport> ReindexAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var clear = connection.Command(
                "INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_docs; DELETE FROM search_labels; " +
                "DELETE FROM search_contacts; DELETE FROM search_checkpoint WHERE feed IN ($posts, $classifications, $incidents);", tx)
                .With("$posts", PostsFeed).With("$classifications", ClassificationsFeed).With("$incidents", IncidentsFeed);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        SearchLog.Cleared(_logger);
        return await CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many stored posts have changes the index has not followed yet.</summary>
    public async Task<long> LagAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT COUNT(DISTINCT post_id) FROM post_changes WHERE seq > COALESCE((SELECT position FROM search_checkpoint WHERE feed = $feed), 0)")
            .With("$feed", PostsFeed);
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One batch of each feed: how many posts and classifications were applied, and whether either feed had
    /// anything to read (false when the index is in step). A batch another indexer committed first counts as more.
    /// </summary>
    internal async Task<(int Posts, int Classifications, bool More)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Labels and contacts first: a post indexed in the same round then carries its label tag at once, instead of
        // being indexed without it and segmented a second time when its classification arrives.
        var classifications = await ApplyClassificationsAsync(connection, cancellationToken).ConfigureAwait(false);
        var incidents = await ApplyIncidentsAsync(connection, cancellationToken).ConfigureAwait(false);
        var posts = await IndexPostsAsync(connection, cancellationToken).ConfigureAwait(false);
        if (posts > 0 || classifications > 0)
        {
            SearchLog.Indexed(_logger, Math.Max(0, posts), Math.Max(0, classifications), sw.ElapsedMilliseconds);
        }

        return (Math.Max(0, posts), Math.Max(0, classifications), posts != 0 || classifications != 0 || incidents != 0);
    }

    private async Task<int> IndexPostsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var from = await GetCheckpointAsync(connection, null, PostsFeed, cancellationToken).ConfigureAwait(false);
        long to;
        await using (var last = connection.Command("SELECT MAX(seq) FROM (SELECT seq FROM post_changes WHERE seq > $from ORDER BY seq LIMIT $n)")
            .With("$from", from).With("$n", _batchSize))
        {
            var value = await last.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is null or DBNull)
            {
                return 0;
            }

            to = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var docs = await ReadDocsAsync(connection, null, "SELECT post_id FROM post_changes WHERE seq > $from AND seq <= $to",
            c => c.With("$from", from).With("$to", to), cancellationToken).ConfigureAwait(false);
        // The words, outside the write lock and on every core for a backlog (segmenting is the expensive part).
        Segment(docs.Values, cancellationToken);

        await using var tx = await BeginAtCheckpointAsync(connection, PostsFeed, from, cancellationToken).ConfigureAwait(false);
        if (tx is null)
        {
            return Raced;
        }

        await using var upsert = connection.Command(
            "INSERT OR REPLACE INTO search_docs (post_id, at, source_id, platform, author_id, author_name, version, label, tags) " +
            "VALUES ($id, $at, $src, $platform, $aid, $aname, $v, (SELECT label FROM search_labels WHERE post_id = $id), NULL)", tx);
        var docId = upsert.Parameters.Add("$id", SqliteType.Integer);
        var at = upsert.Parameters.Add("$at", SqliteType.Text);
        var src = upsert.Parameters.Add("$src", SqliteType.Text);
        var platform = upsert.Parameters.Add("$platform", SqliteType.Text);
        var aid = upsert.Parameters.Add("$aid", SqliteType.Text);
        var aname = upsert.Parameters.Add("$aname", SqliteType.Text);
        var version = upsert.Parameters.Add("$v", SqliteType.Integer);
        foreach (var doc in docs.Values)
        {
            docId.Value = doc.Id;
            at.Value = doc.At;
            src.Value = doc.SourceId;
            platform.Value = doc.Platform;
            aid.Value = (object?)doc.AuthorId ?? DBNull.Value;
            aname.Value = (object?)doc.AuthorName ?? DBNull.Value;
            version.Value = doc.Version;
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Tags are read inside the write transaction, so they are those of the store at commit; any later label,
        // contact or incident change comes through its feed after this commit and re-tags the post.
        var tags = await ReadTagsAsync(connection, tx, docs.Keys, cancellationToken).ConfigureAwait(false);
        await WriteAsync(connection, tx, docs.Values, tags, cancellationToken).ConfigureAwait(false);
        await SetCheckpointAsync(connection, tx, PostsFeed, to, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return docs.Count;
    }

    private void Segment(ICollection<Doc> docs, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = docs.Count >= ParallelFrom ? Environment.ProcessorCount : 1,
        };
        Parallel.ForEach(docs, options, () => new List<string>(512), (doc, _, words) =>
        {
            doc.TitleWords = _tokenizer.IndexWords(doc.Title, words);
            doc.BodyWords = _tokenizer.IndexWords(doc.Text, words);
            doc.HistoryWords = doc.History is null ? string.Empty : _tokenizer.IndexWords(doc.History.ToString(), words);
            return words;
        }, _ => { });
    }

    /// <summary>Replaces each post's FTS5 row (words and tags) and records the tags on its document.</summary>
    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction tx, IEnumerable<Doc> docs, IReadOnlyDictionary<long, (string Tags, string? Stored)> tags, CancellationToken cancellationToken)
    {
        await using var delete = connection.Command("DELETE FROM search_fts WHERE rowid = $id", tx);
        var deleteId = delete.Parameters.Add("$id", SqliteType.Integer);
        await using var insert = connection.Command("INSERT INTO search_fts (rowid, title, body, history, tags) VALUES ($id, $title, $body, $history, $tags)", tx);
        var insertId = insert.Parameters.Add("$id", SqliteType.Integer);
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        var history = insert.Parameters.Add("$history", SqliteType.Text);
        var tagText = insert.Parameters.Add("$tags", SqliteType.Text);
        await using var stamp = connection.Command("UPDATE search_docs SET tags = $tags WHERE post_id = $id", tx);
        var stampId = stamp.Parameters.Add("$id", SqliteType.Integer);
        var stampTags = stamp.Parameters.Add("$tags", SqliteType.Text);
        foreach (var doc in docs)
        {
            if (!tags.TryGetValue(doc.Id, out var t))
            {
                continue;
            }

            deleteId.Value = doc.Id;
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            insertId.Value = doc.Id;
            title.Value = doc.TitleWords;
            body.Value = doc.BodyWords;
            history.Value = doc.HistoryWords;
            tagText.Value = t.Tags;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            stampId.Value = doc.Id;
            stampTags.Value = t.Tags;
            await stamp.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The tags each indexed post of <paramref name="ids"/> should carry now, and those it carries.</summary>
    private static async Task<Dictionary<long, (string Tags, string? Stored)>> ReadTagsAsync(SqliteConnection connection, SqliteTransaction tx, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, (string, string?)>();
        await using var read = connection.Command(
            "SELECT d.post_id, d.at, d.source_id, d.platform, d.author_id, d.author_name, " +
            "(SELECT label FROM search_labels WHERE post_id = d.post_id), " +
            "(SELECT json_group_array(value) FROM (SELECT DISTINCT value FROM search_contacts WHERE post_id = d.post_id)), " +
            "EXISTS (SELECT 1 FROM incident_posts WHERE post_id = d.post_id), d.tags " +
            "FROM search_docs d WHERE d.post_id IN (SELECT value FROM json_each($ids))", tx)
            .With("$ids", JsonSerializer.Serialize(ids));
        await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var contacts = JsonSerializer.Deserialize<List<string>>(r.GetString(7)) ?? [];
            var post = new SearchTags.Ingredients(r.GetString(1), r.GetString(2), r.GetString(3), r.StringOrNull(4), r.StringOrNull(5), r.StringOrNull(6), contacts, r.GetBoolean(8));
            result[r.GetInt64(0)] = (SearchTags.Of(post), r.StringOrNull(9));
        }

        return result;
    }

    /// <summary>
    /// Re-writes the indexed posts of <paramref name="ids"/> whose tags changed (a label, a contact, joining an
    /// incident), inside the caller's transaction: their text is read and segmented again, since a contentless FTS5
    /// row can only be replaced whole.
    /// </summary>
    private async Task<int> RetagAsync(SqliteConnection connection, SqliteTransaction tx, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var tags = await ReadTagsAsync(connection, tx, ids, cancellationToken).ConfigureAwait(false);
        var changed = tags.Where(t => !string.Equals(t.Value.Tags, t.Value.Stored, StringComparison.Ordinal)).Select(t => t.Key).ToList();
        if (changed.Count == 0)
        {
            return 0;
        }

        var docs = await ReadDocsAsync(connection, tx, "SELECT value FROM json_each($ids)",
            c => c.With("$ids", JsonSerializer.Serialize(changed)), cancellationToken).ConfigureAwait(false);
        Segment(docs.Values, cancellationToken);
        await WriteAsync(connection, tx, docs.Values, tags, cancellationToken).ConfigureAwait(false);
        return docs.Count;
    }

    /// <summary>
    /// Follows <c>search_incident_changes</c> (migration 0520): a post that joined an incident gains the
    /// <see cref="SearchTags.InIncident"/> tag the level filter narrows by. The level itself is read at query time.
    /// </summary>
    private async Task<int> ApplyIncidentsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (!await HasCheckpointAsync(connection, IncidentsFeed, cancellationToken).ConfigureAwait(false))
        {
            // No checkpoint: the index is new or being rebuilt (reindex, migration 0502), so every post is (re-)indexed
            // with its membership as it is then; the feed starts at its end.
            await using var start = connection.Command(
                "INSERT OR IGNORE INTO search_checkpoint (feed, position, updated_at) VALUES ($feed, (SELECT COALESCE(MAX(seq), 0) FROM search_incident_changes), $at)")
                .With("$feed", IncidentsFeed).With("$at", Sql.Time(_time.GetUtcNow()));
            await start.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var from = await GetCheckpointAsync(connection, null, IncidentsFeed, cancellationToken).ConfigureAwait(false);
        var incidents = new HashSet<long>();
        long to = from;
        await using (var read = connection.Command("SELECT seq, incident_id FROM search_incident_changes WHERE seq > $from ORDER BY seq LIMIT $n")
            .With("$from", from).With("$n", _batchSize))
        {
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                to = r.GetInt64(0);
                incidents.Add(r.GetInt64(1));
            }
        }

        if (incidents.Count == 0)
        {
            return 0;
        }

        await using var tx = await BeginAtCheckpointAsync(connection, IncidentsFeed, from, cancellationToken).ConfigureAwait(false);
        if (tx is null)
        {
            return Raced;
        }

        var posts = new List<long>();
        await using (var members = connection.Command(
            "SELECT ip.post_id FROM incident_posts ip JOIN search_docs d ON d.post_id = ip.post_id " +
            $"WHERE ip.incident_id IN (SELECT value FROM json_each($ids)) AND (d.tags IS NULL OR d.tags NOT LIKE '%{SearchTags.InIncident}')", tx)
            .With("$ids", JsonSerializer.Serialize(incidents)))
        {
            await using var r = await members.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                posts.Add(r.GetInt64(0));
            }
        }

        await RetagAsync(connection, tx, posts, cancellationToken).ConfigureAwait(false);
        await SetCheckpointAsync(connection, tx, IncidentsFeed, to, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return incidents.Count;
    }

    /// <summary>The current title, text and document fields of the posts <paramref name="idsSql"/> selects, with their earlier versions.</summary>
    private static async Task<Dictionary<long, Doc>> ReadDocsAsync(SqliteConnection connection, SqliteTransaction? tx, string idsSql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var docs = new Dictionary<long, Doc>();
        await using (var read = connection.Command(
            "SELECT id, COALESCE(published_at, first_seen_at), source_id, platform, author_id, author_name, title, text, version " +
            $"FROM posts WHERE id IN ({idsSql})", tx))
        {
            bind(read);
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var doc = new Doc(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.StringOrNull(4), r.StringOrNull(5), r.StringOrNull(6), r.GetString(7), r.GetInt32(8));
                docs[doc.Id] = doc;
            }
        }

        // Earlier versions of edited posts: what was written before an edit stays findable.
        await using (var history = connection.Command(
            "SELECT v.post_id, v.title, v.text FROM post_versions v JOIN posts p ON p.id = v.post_id " +
            $"WHERE p.version > 1 AND v.version < p.version AND v.post_id IN ({idsSql}) ORDER BY v.post_id, v.version", tx))
        {
            bind(history);
            await using var r = await history.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (docs.TryGetValue(r.GetInt64(0), out var doc))
                {
                    doc.History ??= new StringBuilder();
                    doc.History.Append(r.StringOrNull(1)).Append('\n').Append(r.GetString(2)).Append('\n');
                }
            }
        }

        return docs;
    }

    private async Task<int> ApplyClassificationsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var from = await GetCheckpointAsync(connection, null, ClassificationsFeed, cancellationToken).ConfigureAwait(false);
        var rows = new List<(long Sequence, long PostId, int Version, string Label, double Confidence, List<(string Value, string Raw, string Kind)> Contacts)>();
        await using (var read = connection.Command(
            "SELECT sequence, post_id, post_version, label, confidence, contacts_json FROM classifications WHERE sequence > $from ORDER BY sequence LIMIT $n")
            .With("$from", from).With("$n", _batchSize))
        {
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetString(3), r.GetDouble(4), ParseContacts(r.GetString(5))));
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        await using var tx = await BeginAtCheckpointAsync(connection, ClassificationsFeed, from, cancellationToken).ConfigureAwait(false);
        if (tx is null)
        {
            return Raced;
        }

        // The label of the latest classified version wins, whatever order versions were classified in.
        await using var label = connection.Command(
            "INSERT INTO search_labels (post_id, post_version, label, confidence) VALUES ($id, $v, $label, $conf) " +
            "ON CONFLICT (post_id) DO UPDATE SET post_version = excluded.post_version, label = excluded.label, confidence = excluded.confidence " +
            "WHERE excluded.post_version >= search_labels.post_version; " +
            "UPDATE search_docs SET label = (SELECT label FROM search_labels WHERE post_id = $id) WHERE post_id = $id", tx);
        var labelId = label.Parameters.Add("$id", SqliteType.Integer);
        var labelVersion = label.Parameters.Add("$v", SqliteType.Integer);
        var labelText = label.Parameters.Add("$label", SqliteType.Text);
        var confidence = label.Parameters.Add("$conf", SqliteType.Real);
        await using var contact = connection.Command("INSERT OR IGNORE INTO search_contacts (value, post_id, raw, kind) VALUES ($value, $id, $raw, $kind)", tx);
        var contactValue = contact.Parameters.Add("$value", SqliteType.Text);
        var contactId = contact.Parameters.Add("$id", SqliteType.Integer);
        var contactRaw = contact.Parameters.Add("$raw", SqliteType.Text);
        var contactKind = contact.Parameters.Add("$kind", SqliteType.Text);
        foreach (var row in rows)
        {
            labelId.Value = row.PostId;
            labelVersion.Value = row.Version;
            labelText.Value = row.Label;
            confidence.Value = row.Confidence;
            await label.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            foreach (var c in row.Contacts)
            {
                contactValue.Value = c.Value;
                contactId.Value = row.PostId;
                contactRaw.Value = c.Raw;
                contactKind.Value = c.Kind;
                await contact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await RetagAsync(connection, tx, rows.Select(r => r.PostId).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
        await SetCheckpointAsync(connection, tx, ClassificationsFeed, rows[^1].Sequence, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>The contacts of a stored classification (<c>[{kind, value, raw, start, end}]</c>, see the classification store).</summary>
    internal static List<(string Value, string Raw, string Kind)> ParseContacts(string json)
    {
        var list = new List<(string, string, string)>();
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var c in doc.RootElement.EnumerateArray())
        {
            if (c.TryGetProperty("value", out var value) && value.GetString() is { Length: > 0 } v)
            {
                var raw = c.TryGetProperty("raw", out var r) ? r.GetString() ?? v : v;
                var kind = c.TryGetProperty("kind", out var k) ? k.GetString() ?? string.Empty : string.Empty;
                list.Add((v, raw, kind));
            }
        }

        return list;
    }

    private static async Task<bool> HasCheckpointAsync(SqliteConnection connection, string feed, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT COUNT(*) FROM search_checkpoint WHERE feed = $feed").With("$feed", feed);
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Begins the write of a batch read from <paramref name="feed"/> at <paramref name="from"/>: null when another indexer
    /// committed that batch meanwhile (the next round reads on from its checkpoint).
    /// </summary>
    private static async Task<SqliteTransaction?> BeginAtCheckpointAsync(SqliteConnection connection, string feed, long from, CancellationToken cancellationToken)
    {
        var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await GetCheckpointAsync(connection, tx, feed, cancellationToken).ConfigureAwait(false) == from)
        {
            return tx;
        }

        await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
        await tx.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private static async Task<long> GetCheckpointAsync(SqliteConnection connection, SqliteTransaction? tx, string feed, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT COALESCE((SELECT position FROM search_checkpoint WHERE feed = $feed), 0)", tx).With("$feed", feed);
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SetCheckpointAsync(SqliteConnection connection, SqliteTransaction tx, string feed, long position, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
                "INSERT INTO search_checkpoint (feed, position, updated_at) VALUES ($feed, $pos, $at) " +
                "ON CONFLICT (feed) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at", tx)
            .With("$feed", feed).With("$pos", position).With("$at", Sql.Time(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Doc(long id, string at, string sourceId, string platform, string? authorId, string? authorName, string? title, string text, int version)
    {
        public long Id { get; } = id;

        public string At { get; } = at;

        public string SourceId { get; } = sourceId;

        public string Platform { get; } = platform;

        public string? AuthorId { get; } = authorId;

        public string? AuthorName { get; } = authorName;

        public string? Title { get; } = title;

        public string Text { get; } = text;

        public int Version { get; } = version;

        public StringBuilder? History { get; set; }

        public string TitleWords { get; set; } = string.Empty;

        public string BodyWords { get; set; } = string.Empty;

        public string HistoryWords { get; set; } = string.Empty;
    }
}
