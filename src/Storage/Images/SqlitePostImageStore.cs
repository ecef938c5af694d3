using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Images;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Images;

/// <summary>SQLite implementation of <see cref="IPostImageStore"/> (table <c>post_images</c>, migration 0112).</summary>
public sealed class SqlitePostImageStore(SqliteDatabase database) : IPostImageStore
{
    private const string Columns =
        "id, post_id, ordinal, url, state, reason, sha256, media_type, bytes, width, height, ocr_text, qr_payloads, attempts, found_at, done_at";

    public async Task<IReadOnlyList<PostImage>> GetPendingAsync(int limit, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                $"SELECT {Columns} FROM post_images WHERE state = 'pending' AND attempts < $max ORDER BY id LIMIT $limit")
            .With("$max", maxAttempts).With("$limit", limit);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordAttemptAsync(long imageId, string reason, int maxAttempts, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "UPDATE post_images SET attempts = attempts + 1, reason = $reason, " +
                "state = CASE WHEN attempts + 1 >= $max THEN 'failed' ELSE state END, " +
                "done_at = CASE WHEN attempts + 1 >= $max THEN $at ELSE done_at END WHERE id = $id AND state = 'pending'")
            .With("$id", imageId).With("$reason", reason).With("$max", maxAttempts).With("$at", Sql.Time(atUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int?> SaveResultAsync(long imageId, PostImageResult result, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var at = Sql.Time(atUtc);
        await using (var update = connection.Command(
                         "UPDATE post_images SET state = $state, reason = $reason, sha256 = $sha, media_type = $type, bytes = $bytes, width = $w, height = $h, " +
                         "ocr_text = $ocr, qr_payloads = $qr, attempts = attempts + 1, done_at = $at WHERE id = $id AND state = 'pending'", tx)
                         .With("$state", StateName(result.State)).With("$reason", result.Reason).With("$sha", result.Sha256)
                         .With("$type", result.MediaType).With("$bytes", result.Bytes).With("$w", result.Width).With("$h", result.Height)
                         .With("$ocr", string.IsNullOrWhiteSpace(result.OcrText) ? null : result.OcrText)
                         .With("$qr", JsonSerializer.Serialize(result.QrPayloads)).With("$at", at).With("$id", imageId))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                // Already read (a replay after a crash): nothing new to announce.
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        int? newVersion = null;
        await using (var state = connection.Command(
                         "SELECT i.post_id, " +
                         "  (SELECT COUNT(*) FROM post_images o WHERE o.post_id = i.post_id AND o.state = 'pending'), " +
                         "  (SELECT COUNT(*) FROM post_images o WHERE o.post_id = i.post_id AND o.state = 'analysed' AND (o.ocr_text IS NOT NULL OR o.qr_payloads <> '[]')) " +
                         "FROM post_images i WHERE i.id = $id", tx).With("$id", imageId))
        await using (var r = await state.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            var postId = r.GetInt64(0);
            if (r.GetInt64(1) == 0 && r.GetInt64(2) > 0)
            {
                newVersion = await AppendImageTextVersionAsync(connection, tx, postId, at, cancellationToken).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return newVersion;
    }

    private static async Task<int> AppendImageTextVersionAsync(SqliteConnection connection, SqliteTransaction tx, long postId, string at, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "UPDATE posts SET version = version + 1 WHERE id = $id; " +
            "INSERT INTO post_versions (post_id, version, title, text, content_hash, exchange_id, seen_at, cause) " +
            "  SELECT id, version, title, text, content_hash, exchange_id, $at, 'image_text' FROM posts WHERE id = $id; " +
            "INSERT INTO post_changes (post_id, version, at) SELECT id, version, $at FROM posts WHERE id = $id; " +
            "SELECT version FROM posts WHERE id = $id;", tx)
            .With("$id", postId).With("$at", at);
        return (int)await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PostImage>> GetForPostAsync(long postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM post_images WHERE post_id = $post ORDER BY ordinal, id").With("$post", postId);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<long, PostImageText>> GetTextAsync(IReadOnlyCollection<long> postIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        var result = new Dictionary<long, PostImageText>();
        if (postIds.Count == 0)
        {
            return result;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "SELECT post_id, ocr_text, qr_payloads FROM post_images WHERE state = 'analysed' AND post_id IN (SELECT value FROM json_each($ids)) " +
                "ORDER BY post_id, ordinal, id")
            .With("$ids", JsonSerializer.Serialize(postIds));
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

    private static async Task<IReadOnlyList<PostImage>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PostImage>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PostImage(
                r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), new Uri(r.GetString(3)), ParseState(r.GetString(4)), r.StringOrNull(5),
                r.StringOrNull(6), r.StringOrNull(7), r.LongOrNull(8), (int?)r.LongOrNull(9), (int?)r.LongOrNull(10), r.StringOrNull(11),
                JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [], r.GetInt32(13), Sql.ParseTime(r.GetString(14)), r.TimeOrNull(15)));
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
