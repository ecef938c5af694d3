using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Segmentation;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// <see cref="IPostSearch"/> on the store's FTS5 index (see <see cref="SqliteSearchIndex"/>). The query text is cut
/// into words by the same tokenizer as the index and every word must match; each word goes to FTS5 as a quoted
/// string, so FTS5's own syntax (<c>"</c>, <c>*</c>, <c>NEAR(</c>, <c>-</c>, <c>AND</c>/<c>OR</c>/<c>NOT</c>, column
/// filters) is plain text and never an error. Ranked by bm25 (title weighs most, earlier versions least), then
/// newest. Filters are read at query time from the index's tables and the store, so a post's deletion, its incident
/// and the incident's current level are always as they are now.
/// </summary>
public sealed class SqlitePostSearch(SqliteDatabase database, ISearchTokenizer tokenizer, SqliteSearchIndex index, IOptions<SearchOptions> options) : IPostSearch
{
    /// <summary>bm25 column weights: title, body (current text), history (earlier versions), tags (none).</summary>
    private const string Rank = "bm25(search_fts, 3.0, 1.0, 0.5, 0.0)";

    private readonly SearchOptions _options = options.Value;

    public Task<long> LagAsync(CancellationToken cancellationToken) => index.LagAsync(cancellationToken);

    public async Task<PostSearchResult> SearchAsync(PostSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = string.IsNullOrWhiteSpace(query.Text) ? [] : tokenizer.TokenizeQuery(query.Text);
        if (!string.IsNullOrWhiteSpace(query.Text) && words.Count == 0)
        {
            // Only punctuation or symbols: there is no word to look for, and "everything" would be a wrong answer.
            return new PostSearchResult([], 0);
        }

        var contacts = string.IsNullOrWhiteSpace(query.Contact) ? [] : ContactCandidates(query.Contact);
        var limit = Math.Clamp(query.Limit, 1, _options.MaxResults);
        var offset = Math.Max(0, query.Offset);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var timeTags = words.Count > 0 && (query.FromUtc is not null || query.ToUtc is not null)
            ? await TimeTagsAsync(connection, query.FromUtc, query.ToUtc, cancellationToken).ConfigureAwait(false)
            : null;
        var plan = Plan(query, words, contacts, timeTags);
        var page = new List<(long Id, double Score)>();
        // Ranked words: bm25 over the newest RankWindow matches (the index streams matches newest-stored first), so
        // a word in a third of all posts costs a bounded amount; without words, newest first.
        var sql = words.Count > 0
            ? "SELECT post_id, score FROM (" +
              $"SELECT d.post_id AS post_id, {Rank} AS score, d.at AS at FROM {plan.From} WHERE {plan.Where} ORDER BY search_fts.rowid DESC LIMIT $window) " +
              "ORDER BY score, at DESC, post_id DESC LIMIT $limit OFFSET $offset"
            : $"SELECT d.post_id, 0.0 FROM {plan.From} WHERE {plan.Where} ORDER BY d.at DESC, d.post_id DESC LIMIT $limit OFFSET $offset";
        await using (var select = plan.Command(connection, sql)
            .With("$limit", limit).With("$offset", offset).With("$window", Math.Max(_options.RankWindow, offset + limit)))
        {
            await using var r = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                page.Add((r.GetInt64(0), r.GetDouble(1)));
            }
        }

        // Counted up to MaxCount: a display says "10,000+" rather than the store scanning every match.
        long total;
        await using (var count = plan.Command(connection, $"SELECT COUNT(*) FROM (SELECT 1 FROM {plan.From} WHERE {plan.Where} LIMIT $cap)")
            .With("$cap", _options.MaxCount + 1L))
        {
            total = await count.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        }

        var capped = total > _options.MaxCount;
        total = Math.Min(total, _options.MaxCount);

        var hits = new List<PostSearchHit>(page.Count);
        foreach (var (id, score) in page)
        {
            if (await ReadHitAsync(connection, id, -score, words, cancellationToken).ConfigureAwait(false) is { } hit)
            {
                hits.Add(hit);
            }
        }

        var incidents = contacts.Count > 0 ? await IncidentsAsync(connection, plan, cancellationToken).ConfigureAwait(false) : [];
        return new PostSearchResult(hits, total) { Incidents = incidents, TotalIsAtLeast = capped };
    }

    /// <summary>The values a typed contact may be stored under (<see cref="ContactQuery.Candidates"/>).</summary>
    internal IReadOnlyList<string> ContactCandidates(string contact) => ContactQuery.Candidates(tokenizer, contact);

    /// <summary>
    /// The day and month tags of a time filter (<see cref="SearchTags.TimeCover"/>); an open end is closed at the
    /// oldest or newest indexed post, so a post dated in the future is not left out by the narrowing.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> TimeTagsAsync(SqliteConnection connection, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        if (from is null || to is null)
        {
            await using var bounds = connection.Command("SELECT MIN(at), MAX(at) FROM search_docs");
            await using var r = await bounds.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false) || r.IsDBNull(0))
            {
                return null;
            }

            from ??= Sql.ParseTime(r.GetString(0));
            to ??= Sql.ParseTime(r.GetString(1));
        }

        return SearchTags.TimeCover(from.Value, to.Value);
    }

    private static QueryPlan Plan(PostSearchQuery query, IReadOnlyList<string> words, IReadOnlyList<string> contacts, IReadOnlyList<string>? timeTags)
    {
        var where = new List<string>();
        var parameters = new List<(string Name, object Value)>();
        // With words, every filter also narrows inside FTS5 through its tags (an intersection of posting lists);
        // the exact conditions below are still checked on search_docs for what the tags let through.
        var tags = new List<IReadOnlyList<string>>();
        string from;
        if (words.Count > 0)
        {
            // CROSS JOIN keeps FTS5 the outer loop: with a selective filter on search_docs (label and days, or the level
            // set) the planner otherwise drives from that index and asks FTS5 for each row by rowid (seconds at 1M posts).
            from = "search_fts CROSS JOIN search_docs d ON d.post_id = search_fts.rowid";
            where.Add("search_fts MATCH $match");
        }
        else
        {
            from = "search_docs d";
        }

        if (timeTags is { Count: > 0 })
        {
            tags.Add(timeTags);
        }

        Tag(query.Platform, SearchTags.Platform);
        Tag(query.SourceId, SearchTags.Source);
        Tag(query.Label?.Trim(), SearchTags.Label);
        if (query.Author?.Trim() is { Length: > 0 } author)
        {
            tags.Add([SearchTags.AuthorName(author), SearchTags.AuthorId(author)]);
        }

        if (query.MinLevel is { } minLevel && minLevel > IncidentLevel.None)
        {
            tags.Add([SearchTags.InIncident]);
        }

        if (contacts.Count > 0)
        {
            tags.Add(contacts.Select(SearchTags.Contact).ToList());
        }

        if (words.Count > 0)
        {
            parameters.Add(("$match", MatchExpression(words, tags)));
        }

        if (query.FromUtc is { } fromUtc)
        {
            where.Add("d.at >= $from");
            parameters.Add(("$from", Sql.Time(fromUtc)));
        }

        if (query.ToUtc is { } toUtc)
        {
            where.Add("d.at <= $to");
            parameters.Add(("$to", Sql.Time(toUtc)));
        }

        Equal(query.Platform, "d.platform = $platform", "$platform");
        Equal(query.SourceId, "d.source_id = $source", "$source");
        Equal(query.Author?.Trim(), "(d.author_name = $author OR d.author_id = $author)", "$author");
        Equal(query.Label?.Trim(), "d.label = $label", "$label");
        if (query.MinLevel is { } level && level > IncidentLevel.None)
        {
            // Few posts belong to incidents: the set is built once and drives (or filters) the match.
            where.Add(
                "d.post_id IN (SELECT ip.post_id FROM incident_posts ip JOIN incidents i ON i.id = ip.incident_id LEFT JOIN incidents m ON m.id = i.merged_into " +
                "WHERE COALESCE(m.level, i.level) >= $level)");
            parameters.Add(("$level", (int)level));
        }

        if (contacts.Count > 0)
        {
            var names = contacts.Select((c, i) => $"$contact{i}").ToList();
            where.Add($"d.post_id IN (SELECT post_id FROM search_contacts WHERE value IN ({string.Join(", ", names)}))");
            parameters.AddRange(contacts.Select((c, i) => (names[i], (object)c)));
        }

        return new QueryPlan(from, where.Count == 0 ? "1" : string.Join(" AND ", where), parameters);

        void Tag(string? value, Func<string, string> tag)
        {
            if (!string.IsNullOrEmpty(value))
            {
                tags.Add([tag(value)]);
            }
        }

        void Equal(string? value, string condition, string name)
        {
            if (!string.IsNullOrEmpty(value))
            {
                where.Add(condition);
                parameters.Add((name, value));
            }
        }
    }

    /// <summary>
    /// Every word as an FTS5 string (<c>"…"</c>, inner quotes doubled), all required, in the text columns only; then
    /// each tag group (one filter: any of its tags) required in the <c>tags</c> column.
    /// </summary>
    internal static string MatchExpression(IReadOnlyList<string> words, IReadOnlyList<IReadOnlyList<string>>? tags = null)
    {
        var sb = new StringBuilder("{title body history} : (");
        for (var i = 0; i < words.Count; i++)
        {
            sb.Append(i > 0 ? " " : string.Empty);
            Quoted(words[i]);
        }

        sb.Append(')');
        foreach (var group in tags ?? [])
        {
            sb.Append(" AND tags : (");
            for (var i = 0; i < group.Count; i++)
            {
                sb.Append(i > 0 ? " OR " : string.Empty);
                Quoted(group[i]);
            }

            sb.Append(')');
        }

        return sb.ToString();

        void Quoted(string word) => sb.Append('"').Append(word.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private async Task<PostSearchHit?> ReadHitAsync(SqliteConnection connection, long postId, double score, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        string? label = null;
        double? confidence = null;
        await using (var command = connection.Command("SELECT label, confidence FROM search_labels WHERE post_id = $id").With("$id", postId))
        {
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                label = r.GetString(0);
                confidence = r.GetDouble(1);
            }
        }

        var contacts = await ContactsOfAsync(connection, postId, cancellationToken).ConfigureAwait(false);
        return await SearchHitReader.ReadAsync(sql => connection.Command(sql), SqliteDialect.Instance, new SearchHitRef(postId, score, label, confidence, contacts.Values, contacts.Raw), words, _options.SnippetChars, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(IReadOnlyList<string> Values, IReadOnlyList<string> Raw)> ContactsOfAsync(SqliteConnection connection, long postId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT value, raw FROM search_contacts WHERE post_id = $id ORDER BY value").With("$id", postId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        var raw = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (values.Count == 0 || !string.Equals(values[^1], r.GetString(0), StringComparison.Ordinal))
            {
                values.Add(r.GetString(0));
            }

            raw.Add(r.GetString(1));
        }

        return (values, raw);
    }

    /// <summary>Every incident a matching post belongs to (a merged incident as the one that absorbed it), most severe first.</summary>
    private static async Task<IReadOnlyList<PostSearchIncident>> IncidentsAsync(SqliteConnection connection, QueryPlan plan, CancellationToken cancellationToken)
    {
        await using var command = plan.Command(connection,
            "SELECT x.id, x.title, x.level, x.state, x.last_seen_at, COUNT(*) FROM " +
            $"(SELECT d.post_id FROM {plan.From} WHERE {plan.Where}) hits JOIN incident_posts ip ON ip.post_id = hits.post_id " +
            "JOIN incidents i ON i.id = ip.incident_id JOIN incidents x ON x.id = COALESCE(i.merged_into, i.id) " +
            "GROUP BY x.id ORDER BY x.level DESC, x.last_seen_at DESC");
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PostSearchIncident>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PostSearchIncident(r.GetInt64(0), r.GetString(1), (IncidentLevel)r.GetInt32(2), r.GetString(3), r.GetInt64(5), Sql.ParseTime(r.GetString(4))));
        }

        return list;
    }

    private sealed record QueryPlan(string From, string Where, IReadOnlyList<(string Name, object Value)> Parameters)
    {
        public SqliteCommand Command(SqliteConnection connection, string sql)
        {
            var command = connection.Command(sql);
            foreach (var (name, value) in Parameters)
            {
                command.With(name, value);
            }

            return command;
        }
    }
}
