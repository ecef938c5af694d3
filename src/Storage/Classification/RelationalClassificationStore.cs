using System.Text.Json;
using System.Data.Common;
using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Classification;

/// <summary>
/// <see cref="IClassificationStore"/>, shared by the SQLite and PostgreSQL stores: one row per post version; saving a
/// version again returns the first row. <c>classifications.sequence</c> is a change feed (alerting and search follow it),
/// so a save takes the feed's lock where the engine needs one.
/// </summary>
public abstract class RelationalClassificationStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IClassificationStore
{
    private const string Columns = "sequence, post_id, post_version, at_utc, label, confidence, scores_json, contacts_json, reasons_json, model_version";

    public Task<long> SaveAsync(long postId, int postVersion, DateTimeOffset atUtc, ClassificationResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Sessions.RunAsync(session => SaveAsync(session, postId, postVersion, atUtc, result, cancellationToken), cancellationToken);
    }

    private async Task<long> SaveAsync(IStoreSession session, long postId, int postVersion, DateTimeOffset atUtc, ClassificationResult result, CancellationToken cancellationToken)
    {
        await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Dialect.LockChangeFeedAsync(session, tx, "classifications", cancellationToken).ConfigureAwait(false);
        // Insert-or-nothing + SELECT: a replay after a crash (saved, checkpoint not yet moved) stores nothing new.
        var insert = session.Command(
                "INSERT INTO classifications (post_id, post_version, at_utc, label, confidence, scores_json, contacts_json, reasons_json, model_version) " +
                "VALUES (@post, @version, @at, @label, @confidence, @scores, @contacts, @reasons, @model) ON CONFLICT DO NOTHING", tx)
            .With("@post", postId).With("@version", postVersion).With("@at", Dialect.Time(atUtc))
            .With("@label", result.Label).With("@confidence", result.Confidence)
            .With("@scores", JsonSerializer.Serialize(result.Scores, ClassificationJson.Options))
            .With("@contacts", JsonSerializer.Serialize(result.Contacts, ClassificationJson.Options))
            .With("@reasons", JsonSerializer.Serialize(result.Reasons, ClassificationJson.Options))
            .With("@model", result.ModelVersion);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var sequence = await session.Command("SELECT sequence FROM classifications WHERE post_id = @post AND post_version = @version", tx)
            .With("@post", postId).With("@version", postVersion).ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return sequence;
    }

    public async Task<StoredClassification?> GetLatestAsync(long postId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM classifications WHERE post_id = @post ORDER BY post_version DESC LIMIT 1", c => c.With("@post", postId), Read, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<StoredClassification>> GetAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync($"SELECT {Columns} FROM classifications WHERE sequence > @after ORDER BY sequence LIMIT @limit",
            c => c.With("@after", afterSequence).With("@limit", limit), Read, cancellationToken);
    }

    private StoredClassification Read(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetInt32(2),
        Dialect.ReadTime(r, 3),
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
