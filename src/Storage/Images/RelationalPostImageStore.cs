using System.Text.Json;
using System.Data.Common;
using SentimentWatch.Core.Images;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Images;

/// <summary>
/// <see cref="IPostImageStore"/> (table <c>post_images</c>), shared by the SQLite and PostgreSQL stores. The post store
/// records a post's images as pending in the transaction that stores the post.
/// </summary>
public abstract class RelationalPostImageStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IPostImageStore
{
    private const string Columns =
        "id, post_id, ordinal, url, state, reason, sha256, media_type, bytes, width, height, ocr_text, qr_payloads, attempts, found_at, done_at";

    public Task<IReadOnlyList<PostImage>> GetPendingAsync(int limit, int maxAttempts, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => ReadAllAsync(session.Command(
                $"SELECT {Columns} FROM post_images WHERE state = 'pending' AND attempts < @max ORDER BY id LIMIT @limit")
            .With("@max", maxAttempts).With("@limit", limit), cancellationToken), cancellationToken);

    public Task RecordAttemptAsync(long imageId, string reason, int maxAttempts, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command(
                "UPDATE post_images SET attempts = attempts + 1, reason = @reason, " +
                "state = CASE WHEN attempts + 1 >= @max THEN 'failed' ELSE state END, " +
                "done_at = CASE WHEN attempts + 1 >= @max THEN @at ELSE done_at END WHERE id = @id AND state = 'pending'")
            .With("@id", imageId).With("@reason", reason).With("@max", maxAttempts).With("@at", Dialect.Time(atUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<int?> SaveResultAsync(long imageId, PostImageResult result, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Sessions.RunAsync(session => SaveResultAsync(session, imageId, result, atUtc, cancellationToken), cancellationToken);
    }

    private async Task<int?> SaveResultAsync(IStoreSession session, long imageId, PostImageResult result, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var at = Dialect.Time(atUtc);
        var update = session.Command(
                         "UPDATE post_images SET state = @state, reason = @reason, sha256 = @sha, media_type = @type, bytes = @bytes, width = @w, height = @h, " +
                         "ocr_text = @ocr, qr_payloads = @qr, attempts = attempts + 1, done_at = @at WHERE id = @id AND state = 'pending'", tx)
                         .With("@state", StateName(result.State)).With("@reason", result.Reason).With("@sha", result.Sha256)
                         .With("@type", result.MediaType).With("@bytes", result.Bytes).With("@w", result.Width).With("@h", result.Height)
                         .With("@ocr", string.IsNullOrWhiteSpace(result.OcrText) ? null : result.OcrText)
                         .With("@qr", JsonSerializer.Serialize(result.QrPayloads)).With("@at", at).With("@id", imageId);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            // Already read (a replay after a crash): nothing new to announce.
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        int? newVersion = null;
        var state = session.Command(
                         "SELECT i.post_id, " +
                         "  (SELECT COUNT(*) FROM post_images o WHERE o.post_id = i.post_id AND o.state = 'pending'), " +
                         "  (SELECT COUNT(*) FROM post_images o WHERE o.post_id = i.post_id AND o.state = 'analysed' AND (o.ocr_text IS NOT NULL OR o.qr_payloads <> '[]')) " +
                         "FROM post_images i WHERE i.id = @id", tx).With("@id", imageId);
        long postId;
        bool due;
        await using (var r = await state.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            postId = r.GetInt64(0);
            due = r.GetInt64(1) == 0 && r.GetInt64(2) > 0;
        }

        if (due)
        {
            newVersion = await AppendImageTextVersionAsync(session, tx, postId, at, cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return newVersion;
    }

    private async Task<int> AppendImageTextVersionAsync(IStoreSession session, DbTransaction tx, long postId, object at, CancellationToken cancellationToken)
    {
        // A new version of the post: decided under its source's lock like the post store's edits, and the version row
        // joins the change feed, whose sequence numbers must be handed out in commit order.
        var sourceId = (string)(await session.Command("SELECT source_id FROM posts WHERE id = @id", tx).With("@id", postId)
            .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await Dialect.LockSourceAsync(session, tx, sourceId, cancellationToken).ConfigureAwait(false);
        await Dialect.LockChangeFeedAsync(session, tx, "post_changes", cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            "UPDATE posts SET version = version + 1 WHERE id = @id; " +
            "INSERT INTO post_versions (post_id, version, title, text, content_hash, exchange_id, seen_at, cause) " +
            "  SELECT id, version, title, text, content_hash, exchange_id, @at, 'image_text' FROM posts WHERE id = @id; " +
            "INSERT INTO post_changes (post_id, version, at) SELECT id, version, @at FROM posts WHERE id = @id; " +
            "SELECT version FROM posts WHERE id = @id;", tx)
            .With("@id", postId).With("@at", at);
        return (int)await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<PostImage>> GetForPostAsync(long postId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => ReadAllAsync(
            session.Command($"SELECT {Columns} FROM post_images WHERE post_id = @post ORDER BY ordinal, id").With("@post", postId), cancellationToken), cancellationToken);

    public async Task<IReadOnlyDictionary<long, PostImageText>> GetTextAsync(IReadOnlyCollection<long> postIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        if (postIds.Count == 0)
        {
            return new Dictionary<long, PostImageText>();
        }

        return await Sessions.RunAsync(session => ReadTextAsync(session, postIds, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<long, PostImageText>> ReadTextAsync(IStoreSession session, IReadOnlyCollection<long> postIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, PostImageText>();
        var command = session.Command(
                $"SELECT post_id, ocr_text, qr_payloads FROM post_images WHERE state = 'analysed' AND {Dialect.IdIn("post_id", "@ids")} " +
                "ORDER BY post_id, ordinal, id")
            .With("@ids", Dialect.Ids(postIds));
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var texts = new Dictionary<long, (List<string> Ocr, List<string> Qr)>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = r.GetInt64(0);
            if (!texts.TryGetValue(id, out var entry))
            {
                entry = ([], []);
                texts[id] = entry;
            }

            if (r.StringOrNull(1) is { Length: > 0 } ocr)
            {
                entry.Ocr.Add(ocr);
            }

            entry.Qr.AddRange(JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? []);
        }

        foreach (var (id, entry) in texts)
        {
            var text = new PostImageText(entry.Ocr, entry.Qr);
            if (!text.IsEmpty)
            {
                result[id] = text;
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<PostImage>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PostImage>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PostImage(
                r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), new Uri(r.GetString(3)), ParseState(r.GetString(4)), r.StringOrNull(5),
                r.StringOrNull(6), r.StringOrNull(7), r.LongOrNull(8), (int?)r.LongOrNull(9), (int?)r.LongOrNull(10), r.StringOrNull(11),
                JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [], r.GetInt32(13), Dialect.ReadTime(r, 14), Dialect.ReadTimeOrNull(r, 15)));
        }

        return list;
    }

    private static string StateName(PostImageState state) => state switch
    {
        PostImageState.Pending => "pending",
        PostImageState.Analysed => "analysed",
        PostImageState.Skipped => "skipped",
        _ => "failed",
    };

    private static PostImageState ParseState(string s) => s switch
    {
        "pending" => PostImageState.Pending,
        "analysed" => PostImageState.Analysed,
        "skipped" => PostImageState.Skipped,
        _ => PostImageState.Failed,
    };
}
