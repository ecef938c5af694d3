using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// <see cref="IPostStore"/> on a SQL engine, shared by the SQLite and PostgreSQL stores (which supply the sessions and
/// the <see cref="StoreDialect"/>). A post is identified within its source by the platform post id; a thread starter
/// also by its canonical URL, and — the same post reached through two different URLs — by the exact content hash
/// together with the same author. Each write is one transaction, so a crash loses nothing that was committed and leaves
/// nothing half-written; the writers of one source are serialised while they decide a post's identity, and the change
/// feed's sequence numbers are handed out in commit order (see <see cref="StoreDialect"/>). Disposing the store closes
/// the connections it keeps.
/// </summary>
public abstract class RelationalPostStore(IStoreSessions sessions, StoreDialect dialect, PipelineSignals? signals)
    : RelationalStore(sessions, dialect), IPostStore
{
    internal const string PostColumns =
        "p.id, p.source_id, p.platform, p.platform_post_id, p.url, p.thread_id, p.parent_platform_post_id, p.author_id, p.author_name, " +
        "p.author_followers, p.title, p.text, p.published_at, p.published_raw, p.first_seen_at, p.last_seen_at, p.content_hash, p.version, " +
        "p.exchange_id, p.deleted_at, p.deleted_reason, p.quote";

    /// <summary>
    /// A hard bound on the images recorded for one post, whatever the page holds (the image reader's own
    /// <c>Crawler:Images:MaxPerPost</c> is the configurable cap on how many of them are read).
    /// </summary>
    internal const int MaxImagesRecordedPerPost = 50;

    private readonly PipelineSignals? _signals = signals;

    public async Task<long> SaveExchangeAsync(HttpExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        // Hash and serialise before taking a connection, so the connection is held only for the insert.
        var sha = Convert.ToHexStringLower(SHA256.HashData(exchange.Body));
        var redirects = JsonSerializer.Serialize(exchange.Redirects.Select(u => u.AbsoluteUri));
        var requestHeaders = SerializeHeaders(exchange.RequestHeaders);
        var responseHeaders = SerializeHeaders(exchange.ResponseHeaders);
        return await Sessions.RunAsync(session => session.Command(
            "INSERT INTO exchanges (request_url, final_url, redirects, method, status, request_headers, response_headers, body, body_sha256, fetched_at, elapsed_ms, remote_ip) " +
            "VALUES (@req, @final, @redirects, @method, @status, @reqh, @resh, @body, @sha, @at, @ms, @ip) RETURNING id")
            .With("@req", exchange.RequestUrl.AbsoluteUri)
            .With("@final", exchange.FinalUrl.AbsoluteUri)
            .With("@redirects", redirects)
            .With("@method", exchange.Method)
            .With("@status", exchange.StatusCode)
            .With("@reqh", requestHeaders)
            .With("@resh", responseHeaders)
            .With("@body", exchange.Body)
            .With("@sha", sha)
            .With("@at", Dialect.Time(exchange.FetchedAtUtc))
            .With("@ms", exchange.Elapsed.TotalMilliseconds)
            .With("@ip", exchange.RemoteIp)
            .ScalarLongAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public Task<HttpExchange?> GetExchangeAsync(long exchangeId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => ReadExchangeAsync(session, exchangeId, cancellationToken), cancellationToken);

    private async Task<HttpExchange?> ReadExchangeAsync(IStoreSession session, long exchangeId, CancellationToken cancellationToken)
    {
        var command = session.Command(
            "SELECT request_url, final_url, redirects, method, status, request_headers, response_headers, body, fetched_at, elapsed_ms, remote_ip FROM exchanges WHERE id = @id")
            .With("@id", exchangeId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new HttpExchange(
            new Uri(r.GetString(0)),
            new Uri(r.GetString(1)),
            JsonSerializer.Deserialize<string[]>(r.GetString(2))!.Select(u => new Uri(u)).ToList(),
            r.GetString(3),
            r.GetInt32(4),
            DeserializeHeaders(r.GetString(5)),
            DeserializeHeaders(r.GetString(6)),
            (byte[])r.GetValue(7),
            Dialect.ReadTime(r, 8),
            TimeSpan.FromMilliseconds(r.GetDouble(9)),
            r.StringOrNull(10));
    }

    public async Task<PostWriteResult> UpsertPostAsync(CollectedPost post, DateTimeOffset seenAtUtc, CancellationToken cancellationToken)
    {
        var results = await CommitAsync([post], seenAtUtc, cursor: null, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    public Task<IReadOnlyList<PostWriteResult>> CommitPageAsync(
        IReadOnlyList<CollectedPost> posts, DateTimeOffset seenAtUtc, string sourceId, string? newCursor, CancellationToken cancellationToken) =>
        CommitAsync(posts, seenAtUtc, (sourceId, newCursor), cancellationToken);

    private Task<IReadOnlyList<PostWriteResult>> CommitAsync(
        IReadOnlyList<CollectedPost> posts, DateTimeOffset seenAtUtc, (string SourceId, string? Cursor)? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posts);
        // Hashes are computed before the write lock is taken: the transaction then holds it only for the statements.
        var hashes = new string[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            hashes[i] = ContentHash.Compute(posts[i].Title, posts[i].Text);
        }

        return Sessions.RunAsync<IReadOnlyList<PostWriteResult>>(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Every stored post the page's items could be, in one query per source (not one per item): a round trip
            // each is what a database server charges. Each source is locked first (where the engine needs it).
            var known = await LoadKnownAsync(session, tx, posts, hashes, cancellationToken).ConfigureAwait(false);
            // Every item's identity and outcome is decided in memory before anything is written; then the engine writes
            // the page its own way (statement by statement in-process, set-based on a server).
            var page = new PageWrites(posts, hashes, seenAtUtc, Dialect.Time(seenAtUtc), cursor);
            for (var i = 0; i < posts.Count; i++)
            {
                page.Writes.Add(Decide(known[posts[i].SourceId], i, posts[i], hashes[i]));
            }

            await WriteAndCommitAsync(session, tx, page, cancellationToken).ConfigureAwait(false);
            var results = page.Writes.ConvertAll(w => new PostWriteResult(w.Post.Id, w.Outcome, w.Version));
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Outcome is PostWriteOutcome.New or PostWriteOutcome.Edited)
                {
                    Core.Operations.SentimentWatchMetrics.PostStored(posts[i].SourceId, results[i].Outcome == PostWriteOutcome.New ? "new" : "edited");
                }
            }

            if (_signals is not null && results.Exists(r => r.Outcome != PostWriteOutcome.Unchanged))
            {
                // Committed: followers of the change stream (the search indexer) may read it now.
                _signals.PostsStored.Notify();
            }

            return results;
        }, cancellationToken);
    }

    /// <summary>
    /// What storing item <paramref name="index"/> does, by the identity rules, against the stored posts and the page's
    /// earlier items (<paramref name="known"/>, kept current: an item later on the page may be a post decided earlier on it).
    /// </summary>
    private static PageWrite Decide(List<KnownPost> known, int index, CollectedPost post, string hash)
    {
        var existing = KnownPost.Identify(known, post, hash);
        if (existing is null)
        {
            var slot = new PostSlot(post.SourceId, post.PlatformPostId);
            known.Add(new KnownPost(slot, post.PlatformPostId, post.Url.AbsoluteUri, post.ParentPlatformPostId, KnownPost.AuthorKey(post)) { Hash = hash, Version = 1 });
            return new PageWrite(index, PostWriteOutcome.New, slot, 1);
        }

        if (existing.Hash != hash)
        {
            existing.Hash = hash;
            existing.Version++;
            return new PageWrite(index, PostWriteOutcome.Edited, existing.Slot, existing.Version);
        }

        return new PageWrite(index, PostWriteOutcome.Unchanged, existing.Slot, existing.Version);
    }

    /// <summary>
    /// Writes a decided page, then the cursor, then the change-feed rows (last, so the feed lock is held only until the
    /// commit), and commits <paramref name="tx"/>. Here statement by statement in page order, which costs nothing
    /// in-process; a server's store overrides it to send the page set-based in one round trip.
    /// </summary>
    private protected virtual async Task WriteAndCommitAsync(IStoreSession session, DbTransaction tx, PageWrites page, CancellationToken cancellationToken)
    {
        foreach (var write in page.Writes)
        {
            await WriteOneAsync(session, tx, page, write, cancellationToken).ConfigureAwait(false);
        }

        if (page.Cursor is { } c)
        {
            await RelationalSourceStateStore.SetCursor(session, Dialect, tx, c.SourceId, c.Cursor, page.SeenAtUtc).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await AppendChangesAsync(session, tx, page, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteOneAsync(IStoreSession session, DbTransaction tx, PageWrites page, PageWrite write, CancellationToken cancellationToken)
    {
        var post = page.Posts[write.Item];
        var hash = page.Hashes[write.Item];
        var seen = page.Seen;
        var postId = write.Post.Id;
        if (write.Outcome == PostWriteOutcome.New)
        {
            var insert = session.Command(
                "INSERT INTO posts (source_id, platform, platform_post_id, url, thread_id, parent_platform_post_id, author_id, author_name, author_followers, " +
                "title, text, published_at, published_raw, first_seen_at, last_seen_at, content_hash, version, exchange_id, quote) " +
                "VALUES (@src, @platform, @pid, @url, @thread, @parent, @aid, @aname, @afol, @title, @text, @pub, @pubraw, @seen, @seen, @hash, 1, @ex, @quote) RETURNING id", tx)
                .With("@src", post.SourceId).With("@platform", post.Platform).With("@pid", post.PlatformPostId)
                .With("@url", post.Url.AbsoluteUri).With("@thread", post.ThreadId).With("@parent", post.ParentPlatformPostId)
                .With("@aid", post.Author.Id).With("@aname", post.Author.DisplayName).With("@afol", post.Author.Followers)
                .With("@title", post.Title).With("@text", post.Text).With("@pub", Dialect.Time(post.PublishedAtUtc)).With("@pubraw", post.PublishedRaw)
                .With("@seen", seen).With("@hash", hash).With("@ex", post.ExchangeId).With("@quote", post.Quote);
            postId = write.Post.Id = await insert.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            await AppendVersionAsync(session, tx, postId, write.Version, post, hash, seen, cancellationToken).ConfigureAwait(false);
        }
        else if (write.Outcome == PostWriteOutcome.Edited)
        {
            var update = session.Command(
                "UPDATE posts SET title = @title, text = @text, content_hash = @hash, version = @v, last_seen_at = @seen, exchange_id = COALESCE(@ex, exchange_id), " +
                "author_followers = COALESCE(@afol, author_followers), quote = COALESCE(@quote, quote) WHERE id = @id", tx)
                .With("@title", post.Title).With("@text", post.Text).With("@hash", hash).With("@v", write.Version).With("@seen", seen)
                .With("@ex", post.ExchangeId).With("@afol", post.Author.Followers).With("@quote", post.Quote).With("@id", postId);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await AppendVersionAsync(session, tx, postId, write.Version, post, hash, seen, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var touch = session.Command(
                "UPDATE posts SET last_seen_at = @seen, author_followers = COALESCE(@afol, author_followers), " +
                "published_at = COALESCE(published_at, @pub), published_raw = COALESCE(published_raw, @pubraw) WHERE id = @id", tx)
                .With("@seen", seen).With("@afol", post.Author.Followers).With("@pub", Dialect.Time(post.PublishedAtUtc))
                .With("@pubraw", post.PublishedRaw).With("@id", postId);
            await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < post.Images.Count && i < MaxImagesRecordedPerPost; i++)
        {
            // The images of a just-written post are recorded as pending; known ones are left as they are.
            await session.Command(
                "INSERT INTO post_images (post_id, ordinal, url, state, found_at) VALUES (@post, @ord, @url, 'pending', @seen) ON CONFLICT DO NOTHING", tx)
                .With("@post", postId).With("@ord", i).With("@url", post.Images[i].AbsoluteUri).With("@seen", seen)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (write.Outcome == PostWriteOutcome.Unchanged && HasEngagement(post))
        {
            // New posts and edits wrote their snapshot with the version row (one round trip fewer on a server).
            await session.Command(InsertEngagement, tx).With("@id", postId).With("@seen", seen).WithEngagement(post.Engagement)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Per source of the page, the stored posts any item could be under the identity rules (<see cref="KnownPost.Identify"/>):
    /// same platform id; for thread starters also the same canonical URL, or the same content hash. Read inside the page's
    /// transaction, each source after its lock (<see cref="StoreDialect.LockSourceStatement"/>: sent with the lookup, one
    /// round trip; sources in sorted order, so two writers of overlapping sources take the locks in the same order).
    /// Three index lookups joined with UNION ALL rather than one OR, which neither engine can answer from its indexes.
    /// </summary>
    private async Task<Dictionary<string, List<KnownPost>>> LoadKnownAsync(
        IStoreSession session, DbTransaction tx, IReadOnlyList<CollectedPost> posts, string[] hashes, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, List<KnownPost>>(StringComparer.Ordinal);
        var lockStatement = Dialect.LockSourceStatement("@src");
        foreach (var source in Enumerable.Range(0, posts.Count).GroupBy(i => posts[i].SourceId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var starters = source.Where(i => posts[i].ParentPlatformPostId is null).ToList();
            const string Columns = "SELECT id, content_hash, version, platform_post_id, url, parent_platform_post_id, COALESCE(author_id, author_name, '') FROM posts WHERE source_id = @src AND ";
            var command = session.Command(
                (lockStatement is null ? "" : lockStatement + "; ") +
                Columns + Dialect.TextIn("platform_post_id", "@pids") +
                " UNION ALL " + Columns + "parent_platform_post_id IS NULL AND " + Dialect.TextIn("url", "@urls") +
                " UNION ALL " + Columns + "parent_platform_post_id IS NULL AND " + Dialect.TextIn("content_hash", "@hashes") +
                " ORDER BY 1", tx)
                .With("@src", source.Key)
                .With("@pids", Dialect.Texts(source.Select(i => posts[i].PlatformPostId).Distinct(StringComparer.Ordinal).ToList()))
                .With("@urls", Dialect.Texts(starters.Select(i => posts[i].Url.AbsoluteUri).Distinct(StringComparer.Ordinal).ToList()))
                .With("@hashes", Dialect.Texts(starters.Select(i => hashes[i]).Distinct(StringComparer.Ordinal).ToList()));
            var list = new List<KnownPost>();
            await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (lockStatement is not null)
                {
                    // The lock's own (empty) result comes first.
                    await r.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }

                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = r.GetInt64(0);
                    if (list.Count == 0 || list[^1].Slot.Id != id)
                    {
                        list.Add(new KnownPost(new PostSlot(source.Key, r.GetString(3)) { Id = id }, r.GetString(3), r.GetString(4), r.StringOrNull(5), r.GetString(6)) { Hash = r.GetString(1), Version = r.GetInt32(2) });
                    }
                }
            }

            known[source.Key] = list;
        }

        return known;
    }

    /// <summary>
    /// A stored post as far as identity needs it, kept current through the page's own decisions (an item later on the page
    /// may be a post decided earlier on it). Listed in id order, the page's new posts after the stored ones in page order.
    /// </summary>
    private sealed record KnownPost(PostSlot Slot, string PlatformPostId, string Url, string? Parent, string Author)
    {
        public required string Hash { get; set; }

        public required int Version { get; set; }

        public static string AuthorKey(CollectedPost post) => post.Author.Id ?? post.Author.DisplayName ?? "";

        /// <summary>
        /// Platform id first; then, for thread starters only, canonical URL and the same words by the same author (one post
        /// reached through two URLs). Replies often share their thread's URL and repeat each other's words, so for them
        /// only the platform id identifies a post.
        /// </summary>
        public static KnownPost? Identify(List<KnownPost> known, CollectedPost post, string hash)
        {
            var byId = known.Find(k => k.PlatformPostId == post.PlatformPostId);
            if (byId is not null || post.ParentPlatformPostId is not null)
            {
                return byId;
            }

            var url = post.Url.AbsoluteUri;
            var author = AuthorKey(post);
            return known.Find(k => k.Parent is null && k.Url == url)
                ?? known.Find(k => k.Parent is null && k.Hash == hash && k.Author == author);
        }
    }

    private const string InsertVersion =
        "INSERT INTO post_versions (post_id, version, title, text, content_hash, exchange_id, seen_at) VALUES (@id, @v, @title, @text, @hash, @ex, @seen)";

    private const string InsertEngagement =
        "INSERT INTO engagement_snapshots (post_id, at, reposts, comments, likes, views) VALUES (@id, @seen, @r, @c, @l, @k)";

    internal static bool HasEngagement(CollectedPost post) =>
        post.Engagement is { } e && (e.Reposts is not null || e.Comments is not null || e.Likes is not null || e.Views is not null);

    /// <summary>The version row, and the engagement snapshot when the item had one, in one command.</summary>
    private static Task AppendVersionAsync(IStoreSession session, DbTransaction tx, long postId, int version, CollectedPost post, string hash, object seen, CancellationToken cancellationToken)
    {
        var withEngagement = HasEngagement(post);
        var command = session.Command(withEngagement ? InsertVersion + "; " + InsertEngagement : InsertVersion, tx)
            .With("@id", postId).With("@v", version).With("@title", post.Title).With("@text", post.Text)
            .With("@hash", hash).With("@ex", post.ExchangeId).With("@seen", seen);
        return (withEngagement ? command.WithEngagement(post.Engagement) : command).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One change-feed row per new post or edit, appended last so the feed lock is held only until the commit.</summary>
    private async Task AppendChangesAsync(IStoreSession session, DbTransaction tx, PageWrites page, CancellationToken cancellationToken)
    {
        var changed = page.Changes();
        if (changed.Count == 0)
        {
            return;
        }

        await Dialect.LockChangeFeedAsync(session, tx, "post_changes", cancellationToken).ConfigureAwait(false);
        // One multi-row insert, in the page's order; the text depends only on the row count, so few distinct statements.
        var values = string.Join(", ", Enumerable.Range(0, changed.Count).Select(i => $"(@id{i}, @v{i}, @seen)"));
        var command = session.Command("INSERT INTO post_changes (post_id, version, at) VALUES " + values, tx).With("@seen", page.Seen);
        for (var i = 0; i < changed.Count; i++)
        {
            command.With($"@id{i}", changed[i].Post.Id).With($"@v{i}", changed[i].Version);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task MarkDeletedAsync(long postId, DateTimeOffset atUtc, string reason, CancellationToken cancellationToken) =>
        // The first observed deletion time is the one that counts (takedown tracking and evidence rely on it).
        Sessions.RunAsync(session => session.Command(
            "UPDATE posts SET deleted_at = @at, deleted_reason = @reason WHERE id = @id AND deleted_at IS NULL")
            .With("@at", Dialect.Time(atUtc)).With("@reason", reason).With("@id", postId)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public async Task<StoredPost?> GetPostAsync(long postId, CancellationToken cancellationToken)
    {
        var posts = await QueryPostsAsync($"SELECT {PostColumns} FROM posts p WHERE p.id = @id", c => c.With("@id", postId), cancellationToken).ConfigureAwait(false);
        return posts.Count == 0 ? null : posts[0];
    }

    public async Task<StoredPost?> FindPostAsync(string sourceId, string platformPostId, CancellationToken cancellationToken)
    {
        var posts = await QueryPostsAsync(
            $"SELECT {PostColumns} FROM posts p WHERE p.source_id = @src AND p.platform_post_id = @pid",
            c => c.With("@src", sourceId).With("@pid", platformPostId), cancellationToken).ConfigureAwait(false);
        return posts.Count == 0 ? null : posts[0];
    }

    public async Task<StoredPost?> FindPostByUrlAsync(string sourceId, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var posts = await QueryPostsAsync(
            $"SELECT {PostColumns} FROM posts p WHERE p.source_id = @src AND p.url = @url ORDER BY p.id LIMIT 1",
            c => c.With("@src", sourceId).With("@url", url.AbsoluteUri), cancellationToken).ConfigureAwait(false);
        return posts.Count == 0 ? null : posts[0];
    }

    public async Task<IReadOnlyList<StoredPost?>> FindKnownPostsAsync(
        string sourceId, IReadOnlyList<(string PlatformPostId, Uri Url)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }

        var stored = await QueryPostsAsync(
            $"SELECT {PostColumns} FROM posts p WHERE p.source_id = @src AND {Dialect.TextIn("p.platform_post_id", "@pids")} " +
            $"UNION ALL SELECT {PostColumns} FROM posts p WHERE p.source_id = @src AND {Dialect.TextIn("p.url", "@urls")} ORDER BY 1",
            c => c.With("@src", sourceId)
                .With("@pids", Dialect.Texts(items.Select(i => i.PlatformPostId).Distinct(StringComparer.Ordinal).ToList()))
                .With("@urls", Dialect.Texts(items.Select(i => i.Url.AbsoluteUri).Distinct(StringComparer.Ordinal).ToList())),
            cancellationToken).ConfigureAwait(false);
        // In id order, so the first stored under a URL wins, as in FindPostByUrlAsync.
        var byId = new Dictionary<string, StoredPost>(StringComparer.Ordinal);
        var byUrl = new Dictionary<string, StoredPost>(StringComparer.Ordinal);
        foreach (var p in stored)
        {
            byId.TryAdd(p.PlatformPostId, p);
            byUrl.TryAdd(p.Url.AbsoluteUri, p);
        }

        return items.Select(i => byId.GetValueOrDefault(i.PlatformPostId) ?? byUrl.GetValueOrDefault(i.Url.AbsoluteUri)).ToList();
    }

    public async Task<IReadOnlyList<StoredPost>> GetPostVersionsAsync(long postId, CancellationToken cancellationToken)
    {
        var current = await GetPostAsync(postId, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return [];
        }

        return await Sessions.RunAsync(async session =>
        {
            var command = session.Command(
                "SELECT version, title, text, content_hash, exchange_id, seen_at FROM post_versions WHERE post_id = @id ORDER BY version").With("@id", postId);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var versions = new List<StoredPost>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions.Add(AsVersion(current, r, 0));
            }

            return (IReadOnlyList<StoredPost>)versions;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><paramref name="post"/> as the version read at <paramref name="offset"/> (version, title, text, hash, exchange, seen).</summary>
    private StoredPost AsVersion(StoredPost post, DbDataReader r, int offset) => post with
    {
        Version = r.GetInt32(offset),
        Title = r.StringOrNull(offset + 1),
        Text = r.GetString(offset + 2),
        ContentHash = r.GetString(offset + 3),
        ExchangeId = r.LongOrNull(offset + 4),
        LastSeenAtUtc = Dialect.ReadTime(r, offset + 5),
    };

    public Task<IReadOnlyList<EngagementSnapshot>> GetEngagementAsync(long postId, CancellationToken cancellationToken) =>
        Sessions.RunAsync<IReadOnlyList<EngagementSnapshot>>(async session =>
        {
            var command = session.Command(
                "SELECT at, reposts, comments, likes, views FROM engagement_snapshots WHERE post_id = @id ORDER BY at, id").With("@id", postId);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<EngagementSnapshot>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new EngagementSnapshot(postId, Dialect.ReadTime(r, 0), new Engagement(r.LongOrNull(1), r.LongOrNull(2), r.LongOrNull(3), r.LongOrNull(4))));
            }

            return list;
        }, cancellationToken);

    public Task<IReadOnlyList<StoredPost>> GetRecentPostsAsync(string sourceId, DateTimeOffset sinceUtc, int limit, CancellationToken cancellationToken) =>
        QueryPostsAsync(
            $"SELECT {PostColumns} FROM posts p WHERE p.source_id = @src AND p.first_seen_at >= @since AND p.deleted_at IS NULL ORDER BY p.first_seen_at DESC, p.id DESC LIMIT @limit",
            c => c.With("@src", sourceId).With("@since", Dialect.Time(sinceUtc)).With("@limit", limit), cancellationToken);

    public Task<IReadOnlyList<PostChange>> GetChangesAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT c.seq, v.version, v.title, v.text, v.content_hash, v.exchange_id, v.seen_at, {PostColumns} FROM post_changes c " +
            "JOIN post_versions v ON v.post_id = c.post_id AND v.version = c.version JOIN posts p ON p.id = c.post_id " +
            "WHERE c.seq > @after ORDER BY c.seq LIMIT @limit",
            c => c.With("@after", afterSequence).With("@limit", limit),
            r => new PostChange(r.GetInt64(0), AsVersion(ReadPost(r, offset: 7), r, 1)), cancellationToken);

    public Task<long> CountPostsAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("SELECT COUNT(*) FROM posts").ScalarLongAsync(cancellationToken), cancellationToken);

    private Task<IReadOnlyList<StoredPost>> QueryPostsAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        QueryAsync(sql, bind, r => ReadPost(r, 0), cancellationToken);

    private StoredPost ReadPost(DbDataReader r, int offset) => new(
        Id: r.GetInt64(offset),
        SourceId: r.GetString(offset + 1),
        Platform: r.GetString(offset + 2),
        PlatformPostId: r.GetString(offset + 3),
        Url: new Uri(r.GetString(offset + 4)),
        ThreadId: r.StringOrNull(offset + 5),
        ParentPlatformPostId: r.StringOrNull(offset + 6),
        Author: new AuthorInfo(r.StringOrNull(offset + 7), r.StringOrNull(offset + 8), r.LongOrNull(offset + 9)),
        Title: r.StringOrNull(offset + 10),
        Text: r.GetString(offset + 11),
        PublishedAtUtc: Dialect.ReadTimeOrNull(r, offset + 12),
        PublishedRaw: r.StringOrNull(offset + 13),
        FirstSeenAtUtc: Dialect.ReadTime(r, offset + 14),
        LastSeenAtUtc: Dialect.ReadTime(r, offset + 15),
        ContentHash: r.GetString(offset + 16),
        Version: r.GetInt32(offset + 17),
        ExchangeId: r.LongOrNull(offset + 18),
        DeletedAtUtc: Dialect.ReadTimeOrNull(r, offset + 19),
        DeletedReason: r.StringOrNull(offset + 20))
    {
        Quote = r.StringOrNull(offset + 21),
    };

    private static string SerializeHeaders(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        JsonSerializer.Serialize(headers.Select(h => new[] { h.Key, h.Value }));

    private static List<KeyValuePair<string, string>> DeserializeHeaders(string json) =>
        JsonSerializer.Deserialize<string[][]>(json)!.Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList();
}
