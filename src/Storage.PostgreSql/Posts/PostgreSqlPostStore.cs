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
/// source lock, sent with the lookup in one round trip); this store then writes the page with one statement per table
/// (rows bound as arrays and read back with <c>unnest</c>), sent as <see cref="NpgsqlBatch"/>es:
/// <list type="number">
/// <item>the page's new posts (their ids come back, in page order) and the updates of the stored posts it saw again;</item>
/// <item>the rows that need those ids — versions, engagement snapshots, images — then the cursor, the change-feed lock
/// and the change rows;</item>
/// </list>
/// then the commit: four round trips a page whatever its size, where one statement per row cost about two round trips a
/// post. When a page holds one post twice (the same post reached twice, or edited on the page), the writes after the
/// first are sent as a further pair of round trips, so every statement still touches each post once and the outcome is
/// that of writing the items one by one. Rows are inserted in page order, so ids and feed sequence numbers come out as
/// they would statement by statement.
/// </summary>
public sealed class PostgreSqlPostStore(PostgreSqlDatabase database, PipelineSignals? signals = null)
    : RelationalPostStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals)
{
    private const string InsertPosts =
        "INSERT INTO posts (source_id, platform, platform_post_id, url, thread_id, parent_platform_post_id, author_id, author_name, author_followers, " +
        "title, text, published_at, published_raw, first_seen_at, last_seen_at, content_hash, version, exchange_id, quote) " +
        "SELECT src, platform, pid, url, thread, parent, aid, aname, afol, title, text, pub, pubraw, @seen, @seen, hash, 1, ex, quote " +
        "FROM unnest(@src::text[], @platform::text[], @pid::text[], @url::text[], @thread::text[], @parent::text[], @aid::text[], @aname::text[], " +
        "@afol::bigint[], @title::text[], @text::text[], @pub::timestamptz[], @pubraw::text[], @hash::text[], @ex::bigint[], @quote::text[]) " +
        "WITH ORDINALITY AS u(src, platform, pid, url, thread, parent, aid, aname, afol, title, text, pub, pubraw, hash, ex, quote, n) " +
        "ORDER BY n RETURNING id, source_id, platform_post_id";

    private const string UpdateEdited =
        "UPDATE posts p SET title = u.title, text = u.text, content_hash = u.hash, version = u.v, last_seen_at = @seen, " +
        "exchange_id = COALESCE(u.ex, p.exchange_id), author_followers = COALESCE(u.afol, p.author_followers), quote = COALESCE(u.quote, p.quote) " +
        "FROM unnest(@id::bigint[], @title::text[], @text::text[], @hash::text[], @v::integer[], @ex::bigint[], @afol::bigint[], @quote::text[]) " +
        "AS u(id, title, text, hash, v, ex, afol, quote) WHERE p.id = u.id";

    private const string UpdateSeen =
        "UPDATE posts p SET last_seen_at = @seen, author_followers = COALESCE(u.afol, p.author_followers), " +
        "published_at = COALESCE(p.published_at, u.pub), published_raw = COALESCE(p.published_raw, u.pubraw) " +
        "FROM unnest(@id::bigint[], @afol::bigint[], @pub::timestamptz[], @pubraw::text[]) AS u(id, afol, pub, pubraw) WHERE p.id = u.id";

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

    private protected override async Task WritePageAsync(IStoreSession session, DbTransaction tx, PageWrites page, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)session.Connection;
        var transaction = (NpgsqlTransaction)tx;
        var phases = Phases(page.Writes);
        for (var p = 0; p < phases.Count; p++)
        {
            var phase = phases[p];
            var inserts = phase.FindAll(w => w.Outcome == PostWriteOutcome.New);
            await using var second = new NpgsqlBatch(connection, transaction);
            if (inserts.Count > 0)
            {
                await using var first = new NpgsqlBatch(connection, transaction);
                first.BatchCommands.Add(InsertNewPosts(page, inserts));
                AddUpdates(first, page, phase);
                await ReadIdsAsync(first, page, inserts, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Nothing waits for an id: the updates go with the rest.
                AddUpdates(second, page, phase);
            }

            AddDependentRows(second, page, phase);
            if (p == phases.Count - 1)
            {
                AddCursorAndChanges(second, page);
            }

            if (second.BatchCommands.Count > 0)
            {
                await second.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The page's writes cut where a post comes up again (an item that is a post an earlier item of the same phase wrote),
    /// so each set-based statement touches a post at most once and later writes see the earlier ones. Never empty: a page
    /// with no items still stores its cursor.
    /// </summary>
    private static List<List<PageWrite>> Phases(List<PageWrite> writes)
    {
        var phases = new List<List<PageWrite>> { new() };
        var inPhase = new HashSet<PostSlot>(ReferenceEqualityComparer.Instance);
        foreach (var write in writes)
        {
            if (!inPhase.Add(write.Post))
            {
                phases.Add([]);
                inPhase.Clear();
                inPhase.Add(write.Post);
            }

            phases[^1].Add(write);
        }

        return phases;
    }

    private static NpgsqlBatchCommand InsertNewPosts(PageWrites page, List<PageWrite> inserts)
    {
        var posts = inserts.ConvertAll(w => page.Posts[w.Item]);
        return Command(InsertPosts, page)
            .Column("@src", posts, p => p.SourceId)
            .Column("@platform", posts, p => p.Platform)
            .Column("@pid", posts, p => p.PlatformPostId)
            .Column("@url", posts, p => p.Url.AbsoluteUri)
            .Column("@thread", posts, p => p.ThreadId)
            .Column("@parent", posts, p => p.ParentPlatformPostId)
            .Column("@aid", posts, p => p.Author.Id)
            .Column("@aname", posts, p => p.Author.DisplayName)
            .Column("@afol", posts, p => p.Author.Followers)
            .Column("@title", posts, p => p.Title)
            .Column("@text", posts, p => p.Text)
            .Column("@pub", posts, p => Utc(p.PublishedAtUtc))
            .Column("@pubraw", posts, p => p.PublishedRaw)
            .Column("@hash", inserts, w => page.Hashes[w.Item])
            .Column("@ex", posts, p => p.ExchangeId)
            .Column("@quote", posts, p => p.Quote);
    }

    /// <summary>Runs the batch that inserts the new posts (its first command) and gives each new post's slot its id.</summary>
    private static async Task ReadIdsAsync(NpgsqlBatch batch, PageWrites page, List<PageWrite> inserts, CancellationToken cancellationToken)
    {
        // (source, platform id) is unique, and one phase inserts a post once: the key finds the slot whatever order the rows return in.
        var slots = inserts.ToDictionary(w => (page.Posts[w.Item].SourceId, page.Posts[w.Item].PlatformPostId), w => w.Post);
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

        // The updates that follow in the batch run as the reader is drained.
        while (await r.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>The stored posts the phase saw again: edits (new text, next version) and unchanged ones (seen again).</summary>
    private static void AddUpdates(NpgsqlBatch batch, PageWrites page, List<PageWrite> phase)
    {
        var edits = phase.FindAll(w => w.Outcome == PostWriteOutcome.Edited);
        if (edits.Count > 0)
        {
            var posts = edits.ConvertAll(w => page.Posts[w.Item]);
            batch.BatchCommands.Add(Command(UpdateEdited, page)
                .Column("@id", edits, w => w.Post.Id)
                .Column("@title", posts, p => p.Title)
                .Column("@text", posts, p => p.Text)
                .Column("@hash", edits, w => page.Hashes[w.Item])
                .Column("@v", edits, w => w.Version)
                .Column("@ex", posts, p => p.ExchangeId)
                .Column("@afol", posts, p => p.Author.Followers)
                .Column("@quote", posts, p => p.Quote));
        }

        var seen = phase.FindAll(w => w.Outcome == PostWriteOutcome.Unchanged);
        if (seen.Count > 0)
        {
            var posts = seen.ConvertAll(w => page.Posts[w.Item]);
            batch.BatchCommands.Add(Command(UpdateSeen, page)
                .Column("@id", seen, w => w.Post.Id)
                .Column("@afol", posts, p => p.Author.Followers)
                .Column("@pub", posts, p => Utc(p.PublishedAtUtc))
                .Column("@pubraw", posts, p => p.PublishedRaw));
        }
    }

    /// <summary>Version rows (new posts and edits), engagement snapshots and images, each in page order.</summary>
    private static void AddDependentRows(NpgsqlBatch batch, PageWrites page, List<PageWrite> phase)
    {
        var versioned = phase.FindAll(w => w.Outcome != PostWriteOutcome.Unchanged);
        if (versioned.Count > 0)
        {
            var posts = versioned.ConvertAll(w => page.Posts[w.Item]);
            batch.BatchCommands.Add(Command(InsertVersions, page)
                .Column("@id", versioned, w => w.Post.Id)
                .Column("@v", versioned, w => w.Version)
                .Column("@title", posts, p => p.Title)
                .Column("@text", posts, p => p.Text)
                .Column("@hash", versioned, w => page.Hashes[w.Item])
                .Column("@ex", posts, p => p.ExchangeId));
        }

        var engaged = phase.FindAll(w => HasEngagement(page.Posts[w.Item]));
        if (engaged.Count > 0)
        {
            var counts = engaged.ConvertAll(w => page.Posts[w.Item].Engagement!);
            batch.BatchCommands.Add(Command(InsertEngagement, page)
                .Column("@id", engaged, w => w.Post.Id)
                .Column("@r", counts, e => e.Reposts)
                .Column("@c", counts, e => e.Comments)
                .Column("@l", counts, e => e.Likes)
                .Column("@k", counts, e => e.Views));
        }

        var images = phase.SelectMany(w => page.Posts[w.Item].Images.Take(MaxImagesRecordedPerPost).Select((url, i) => (w.Post, Ordinal: i, Url: url.AbsoluteUri))).ToList();
        if (images.Count > 0)
        {
            // The images of a just-written post are recorded as pending; known ones are left as they are.
            batch.BatchCommands.Add(Command(InsertImages, page)
                .Column("@id", images, i => i.Post.Id)
                .Column("@ord", images, i => i.Ordinal)
                .Column("@url", images, i => i.Url));
        }
    }

    /// <summary>The cursor, then the change rows after the feed's lock, which is then held only until the commit that follows.</summary>
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
            batch.BatchCommands.Add(Command(InsertChanges, page)
                .Column("@id", changes, w => w.Post.Id)
                .Column("@v", changes, w => w.Version));
        }
    }

    private static NpgsqlBatchCommand Command(string sql, PageWrites page) => new NpgsqlBatchCommand(sql).With("@seen", page.Seen);

    private static DateTimeOffset? Utc(DateTimeOffset? t) => t?.ToUniversalTime();
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
