using System.Data.Common;
using Npgsql;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Posts;
using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PostgreSql.Posts;

/// <summary>
/// PostgreSQL implementation of <see cref="Core.Storage.IPostStore"/>: the shared <see cref="RelationalPostStore"/> with
/// the PostgreSQL dialect, writing a page set-based. The shared store decides every item's identity in memory (after the
/// source lock, sent with the lookup: one round trip); this store then writes the page with one statement per table, its
/// rows bound as arrays and read back with <c>unnest</c>, in two <see cref="NpgsqlBatch"/>es:
/// <list type="number">
/// <item>the page's new posts (their ids come back) and the update of every stored post it saw again;</item>
/// <item>the rows that need those ids — versions, engagement snapshots, images — then the cursor, the change-feed lock,
/// the change rows and the commit (a page with no new post sends the updates here too).</item>
/// </list>
/// Three round trips a page whatever its size, where one statement per row cost about two round trips a post. A post
/// that several items of the page are (reached twice, edited on the page) is one row, folded as the items written one
/// by one would leave it (<see cref="PostRow"/>), with a version row per edit and a snapshot per item. Rows are inserted
/// in page order, so ids and feed sequence numbers come out as they would statement by statement.
/// </summary>
public sealed class PostgreSqlPostStore(PostgreSqlDatabase database, PipelineSignals? signals = null)
    : RelationalPostStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals)
{
    private const string InsertPosts =
        "INSERT INTO posts (source_id, platform, platform_post_id, url, thread_id, parent_platform_post_id, author_id, author_name, author_followers, " +
        "title, text, published_at, published_raw, first_seen_at, last_seen_at, content_hash, version, exchange_id, quote) " +
        "SELECT src, platform, pid, url, thread, parent, aid, aname, afol, title, text, pub, pubraw, @seen, @seen, hash, v, ex, quote " +
        "FROM unnest(@src::text[], @platform::text[], @pid::text[], @url::text[], @thread::text[], @parent::text[], @aid::text[], @aname::text[], " +
        "@afol::bigint[], @title::text[], @text::text[], @pub::timestamptz[], @pubraw::text[], @hash::text[], @v::integer[], @ex::bigint[], @quote::text[]) " +
        "WITH ORDINALITY AS u(src, platform, pid, url, thread, parent, aid, aname, afol, title, text, pub, pubraw, hash, v, ex, quote, n) " +
        "ORDER BY n RETURNING id, source_id, platform_post_id";

    // An edit sets the text columns, the version, and the exchange and quote it brings; every item (edit or seen again)
    // the follower count it brings; an item seen again the publication time where none is stored yet.
    private const string UpdatePosts =
        "UPDATE posts p SET title = CASE WHEN u.edited THEN u.title ELSE p.title END, text = CASE WHEN u.edited THEN u.text ELSE p.text END, " +
        "content_hash = CASE WHEN u.edited THEN u.hash ELSE p.content_hash END, version = CASE WHEN u.edited THEN u.v ELSE p.version END, " +
        "last_seen_at = @seen, exchange_id = COALESCE(u.ex, p.exchange_id), author_followers = COALESCE(u.afol, p.author_followers), " +
        "quote = COALESCE(u.quote, p.quote), published_at = COALESCE(p.published_at, u.pub), published_raw = COALESCE(p.published_raw, u.pubraw) " +
        "FROM unnest(@id::bigint[], @edited::boolean[], @title::text[], @text::text[], @hash::text[], @v::integer[], @ex::bigint[], @afol::bigint[], " +
        "@quote::text[], @pub::timestamptz[], @pubraw::text[]) AS u(id, edited, title, text, hash, v, ex, afol, quote, pub, pubraw) WHERE p.id = u.id";

    private const string InsertVersions =
        "INSERT INTO post_versions (post_id, version, title, text, content_hash, exchange_id, seen_at) " +
        "SELECT id, v, title, text, hash, ex, @seen FROM unnest(@id::bigint[], @v::integer[], @title::text[], @text::text[], @hash::text[], @ex::bigint[]) " +
        "AS u(id, v, title, text, hash, ex)";

    private const string InsertEngagement =
        "INSERT INTO engagement_snapshots (post_id, at, reposts, comments, likes, views) " +
        "SELECT id, @seen, r, c, l, k FROM unnest(@id::bigint[], @r::bigint[], @c::bigint[], @l::bigint[], @k::bigint[]) WITH ORDINALITY AS u(id, r, c, l, k, n) ORDER BY n";

    private const string InsertImages =
        "INSERT INTO post_images (post_id, ordinal, url, state, found_at) " +
        "SELECT id, ord, url, 'pending', @seen FROM unnest(@id::bigint[], @ord::integer[], @url::text[]) WITH ORDINALITY AS u(id, ord, url, n) ORDER BY n " +
        "ON CONFLICT DO NOTHING";

    private const string InsertChanges =
        "INSERT INTO post_changes (post_id, version, at) SELECT id, v, @seen FROM unnest(@id::bigint[], @v::integer[]) WITH ORDINALITY AS u(id, v, n) ORDER BY n";

    private protected override async Task WriteAndCommitAsync(IStoreSession session, DbTransaction tx, PageWrites page, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)session.Connection;
        var transaction = (NpgsqlTransaction)tx;
        var rows = PostRow.Fold(page);
        var inserts = rows.FindAll(r => r.IsNew);
        var updates = rows.FindAll(r => !r.IsNew);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (inserts.Count > 0)
        {
            await using var first = new NpgsqlBatch(connection, transaction);
            first.BatchCommands.Add(InsertNewPosts(page, inserts));
            AddUpdates(first, page, updates);
            await ReadIdsAsync(first, inserts, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Nothing waits for an id: the updates go with the rest.
            AddUpdates(batch, page, updates);
        }

        AddDependentRows(batch, page);
        AddCursorAndChanges(batch, page);
        // The commit goes with the rest: the change-feed lock taken just before it is then held only while the server runs
        // the last statements, never across a round trip. A statement that fails stops the batch before the commit, and
        // disposing the transaction rolls it back. (Npgsql reads the commit in the server's answer: the transaction
        // object is then complete.)
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand InsertNewPosts(PageWrites page, List<PostRow> rows)
    {
        var posts = rows.ConvertAll(r => page.Posts[r.First]);
        var texts = rows.ConvertAll(r => page.Posts[r.Text]);
        return Command(InsertPosts, page)
            .Column("@src", posts, p => p.SourceId)
            .Column("@platform", posts, p => p.Platform)
            .Column("@pid", posts, p => p.PlatformPostId)
            .Column("@url", posts, p => p.Url.AbsoluteUri)
            .Column("@thread", posts, p => p.ThreadId)
            .Column("@parent", posts, p => p.ParentPlatformPostId)
            .Column("@aid", posts, p => p.Author.Id)
            .Column("@aname", posts, p => p.Author.DisplayName)
            .Column("@afol", rows, r => r.Followers)
            .Column("@title", texts, p => p.Title)
            .Column("@text", texts, p => p.Text)
            .Column("@pub", rows, r => Utc(r.Published))
            .Column("@pubraw", rows, r => r.PublishedRaw)
            .Column("@hash", rows, r => page.Hashes[r.Text])
            .Column("@v", rows, r => r.Version)
            .Column("@ex", rows, r => r.ExchangeId)
            .Column("@quote", rows, r => r.Quote);
    }

    /// <summary>Runs the batch that inserts the new posts (its first command) and gives each new post's slot its id.</summary>
    private static async Task ReadIdsAsync(NpgsqlBatch batch, List<PostRow> inserts, CancellationToken cancellationToken)
    {
        // (source, platform id) is unique, and a page inserts a post once: the key finds the slot whatever order the rows return in.
        var slots = inserts.ToDictionary(r => (r.Slot.SourceId, r.Slot.PlatformPostId), r => r.Slot);
        await using var r = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var read = 0;
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            slots[(r.GetString(1), r.GetString(2))].Id = r.GetInt64(0);
            read++;
        }

        if (read != inserts.Count)
        {
            throw new InvalidOperationException($"the insert of {inserts.Count} new posts returned {read} ids");
        }

        // The update that follows in the batch runs as the reader is drained; a failure surfaces here.
        while (await r.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>The stored posts the page saw again (edited or not), one row each.</summary>
    private static void AddUpdates(NpgsqlBatch batch, PageWrites page, List<PostRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var texts = rows.ConvertAll(r => page.Posts[r.Text]);
        batch.BatchCommands.Add(Command(UpdatePosts, page)
            .Column("@id", rows, r => r.Slot.Id)
            .Column("@edited", rows, r => r.Edited)
            .Column("@title", texts, p => p.Title)
            .Column("@text", texts, p => p.Text)
            .Column("@hash", rows, r => page.Hashes[r.Text])
            .Column("@v", rows, r => r.Version)
            .Column("@ex", rows, r => r.ExchangeId)
            .Column("@afol", rows, r => r.Followers)
            .Column("@quote", rows, r => r.Quote)
            .Column("@pub", rows, r => Utc(r.Published))
            .Column("@pubraw", rows, r => r.PublishedRaw));
    }

    /// <summary>Version rows (new posts and edits), engagement snapshots and images, each in page order.</summary>
    private static void AddDependentRows(NpgsqlBatch batch, PageWrites page)
    {
        var versioned = page.Writes.FindAll(w => w.Outcome != PostWriteOutcome.Unchanged);
        if (versioned.Count > 0)
        {
            var posts = versioned.ConvertAll(w => page.Posts[w.Item]);
            batch.BatchCommands.Add(Keyed(InsertVersions, page, versioned, w => w.Post)
                .Column("@v", versioned, w => w.Version)
                .Column("@title", posts, p => p.Title)
                .Column("@text", posts, p => p.Text)
                .Column("@hash", versioned, w => page.Hashes[w.Item])
                .Column("@ex", posts, p => p.ExchangeId));
        }

        var engaged = page.Writes.FindAll(w => HasEngagement(page.Posts[w.Item]));
        if (engaged.Count > 0)
        {
            var counts = engaged.ConvertAll(w => page.Posts[w.Item].Engagement!);
            batch.BatchCommands.Add(Keyed(InsertEngagement, page, engaged, w => w.Post)
                .Column("@r", counts, e => e.Reposts)
                .Column("@c", counts, e => e.Comments)
                .Column("@l", counts, e => e.Likes)
                .Column("@k", counts, e => e.Views));
        }

        var images = page.Writes.SelectMany(w => page.Posts[w.Item].Images.Take(MaxImagesRecordedPerPost).Select((url, i) => (w.Post, Ordinal: i, Url: url.AbsoluteUri))).ToList();
        if (images.Count > 0)
        {
            // The images of a just-written post are recorded as pending; known ones are left as they are.
            batch.BatchCommands.Add(Keyed(InsertImages, page, images, i => i.Post)
                .Column("@ord", images, i => i.Ordinal)
                .Column("@url", images, i => i.Url));
        }
    }

    /// <summary>The cursor, then the change rows after the feed's lock.</summary>
    private static void AddCursorAndChanges(NpgsqlBatch batch, PageWrites page)
    {
        if (page.Cursor is { } c)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(RelationalSourceStateStore.SetCursorSql)
                .With("@src", c.SourceId).With("@cursor", c.Cursor).With("@at", page.Seen));
        }

        var changes = page.Changes();
        if (changes.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgreSqlDialect.LockFeedStatement("@feed")).With("@feed", "post_changes"));
            batch.BatchCommands.Add(Keyed(InsertChanges, page, changes, w => w.Post).Column("@v", changes, w => w.Version));
        }
    }

    private static NpgsqlBatchCommand Command(string sql, PageWrites page) => new NpgsqlBatchCommand(sql).With("@seen", page.Seen);

    /// <summary>A command over rows that each belong to a post, bound by the post's id (<c>@id</c>).</summary>
    private static NpgsqlBatchCommand Keyed<TRow>(string sql, PageWrites page, List<TRow> rows, Func<TRow, PostSlot> post) =>
        Command(sql, page).Column("@id", rows, r => post(r).Id);

    private static DateTimeOffset? Utc(DateTimeOffset? t) => t?.ToUniversalTime();
}

/// <summary>
/// One post's row after all the page's items that are this post, folded in page order as the row-by-row statements would
/// leave it: the last edit's text and version; the last exchange and quote an item brings (insert or edit), the last
/// follower count any item brings; the first publication time (the insert's, else the first an item seen again brings).
/// </summary>
internal sealed class PostRow
{
    private PostRow(PageWrite first)
    {
        First = first.Item;
        Text = first.Item;
        Slot = first.Post;
        IsNew = first.Outcome == PostWriteOutcome.New;
    }

    public PostSlot Slot { get; }

    public bool IsNew { get; }

    /// <summary>The item that inserts the post (when new): its identity columns.</summary>
    public int First { get; }

    /// <summary>The item whose title, text and hash the row ends with (the last edit, else the insert).</summary>
    public int Text { get; private set; }

    /// <summary>Whether an item edits a stored post (its text columns and version then change).</summary>
    public bool Edited { get; private set; }

    public int Version { get; private set; }

    public long? ExchangeId { get; private set; }

    public string? Quote { get; private set; }

    public long? Followers { get; private set; }

    public DateTimeOffset? Published { get; private set; }

    public string? PublishedRaw { get; private set; }

    /// <summary>The page's rows, one per post, in the order each post first appears.</summary>
    public static List<PostRow> Fold(PageWrites page)
    {
        var rows = new List<PostRow>();
        var bySlot = new Dictionary<PostSlot, PostRow>(ReferenceEqualityComparer.Instance);
        foreach (var write in page.Writes)
        {
            var post = page.Posts[write.Item];
            if (!bySlot.TryGetValue(write.Post, out var row))
            {
                row = new PostRow(write);
                bySlot.Add(write.Post, row);
                rows.Add(row);
            }

            row.Add(write, post);
        }

        return rows;
    }

    private void Add(PageWrite write, CollectedPost post)
    {
        Version = write.Version;
        Followers = post.Author.Followers ?? Followers;
        switch (write.Outcome)
        {
            case PostWriteOutcome.New:
                ExchangeId = post.ExchangeId;
                Quote = post.Quote;
                Published = post.PublishedAtUtc;
                PublishedRaw = post.PublishedRaw;
                break;
            case PostWriteOutcome.Edited:
                Text = write.Item;
                Edited = !IsNew;
                ExchangeId = post.ExchangeId ?? ExchangeId;
                Quote = post.Quote ?? Quote;
                break;
            default:
                Published ??= post.PublishedAtUtc;
                PublishedRaw ??= post.PublishedRaw;
                break;
        }
    }
}

/// <summary>Binding helpers for <see cref="NpgsqlBatchCommand"/>: a value, or one array element per row.</summary>
internal static class BatchCommandExtensions
{
    public static NpgsqlBatchCommand With(this NpgsqlBatchCommand command, string name, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        return command;
    }

    public static NpgsqlBatchCommand Column<TRow, TValue>(this NpgsqlBatchCommand command, string name, List<TRow> rows, Func<TRow, TValue> value) =>
        command.With(name, rows.ConvertAll(r => value(r)).ToArray());
}
