using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Classification;

/// <summary>SQLite <see cref="IClassificationStore"/>: one row per post version; saving a version again returns the first row.</summary>
public sealed class SqliteClassificationStore(SqliteDatabase database) : IClassificationStore
{
    private const string Columns = "sequence, post_id, post_version, at_utc, label, confidence, scores_json, contacts_json, reasons_json, model_version";

    public async Task<long> SaveAsync(long postId, int postVersion, DateTimeOffset atUtc, ClassificationResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // INSERT OR IGNORE + SELECT: a replay after a crash (saved, checkpoint not yet moved) stores nothing new.
        await using var insert = connection.Command(
                "INSERT OR IGNORE INTO classifications (post_id, post_version, at_utc, label, confidence, scores_json, contacts_json, reasons_json, model_version) " +
                "VALUES ($post, $version, $at, $label, $confidence, $scores, $contacts, $reasons, $model)")
            .With("$post", postId).With("$version", postVersion).With("$at", Sql.Time(atUtc))
            .With("$label", result.Label).With("$confidence", result.Confidence)
            .With("$scores", JsonSerializer.Serialize(result.Scores, ClassificationJson.Options))
            .With("$contacts", JsonSerializer.Serialize(result.Contacts, ClassificationJson.Options))
            .With("$reasons", JsonSerializer.Serialize(result.Reasons, ClassificationJson.Options))
            .With("$model", result.ModelVersion);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Command("SELECT sequence FROM classifications WHERE post_id = $post AND post_version = $version")
            .With("$post", postId).With("$version", postVersion);
        return await select.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredClassification?> GetLatestAsync(long postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM classifications WHERE post_id = $post ORDER BY post_version DESC LIMIT 1")
            .With("$post", postId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredClassification>> GetAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM classifications WHERE sequence > $after ORDER BY sequence LIMIT $limit")
            .With("$after", afterSequence).With("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<StoredClassification>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static StoredClassification Read(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetInt32(2),
        Sql.ParseTime(r.GetString(3)),
        new ClassificationResult(
            r.GetString(4),
            r.GetDouble(5),
            JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(6), ClassificationJson.Options) ?? [],
            JsonSerializer.Deserialize<List<Contact>>(r.GetString(7), ClassificationJson.Options) ?? [],
            JsonSerializer.Deserialize<List<string>>(r.GetString(8), ClassificationJson.Options) ?? [],
            r.GetString(9)));
}

/// <summary>JSON shape of stored classification parts (snake_case, Chinese kept readable).</summary>
internal static class ClassificationJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
