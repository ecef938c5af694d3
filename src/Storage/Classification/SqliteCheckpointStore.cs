using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Classification;

/// <summary>SQLite <see cref="ICheckpointStore"/>: one durable value per follower name (0 until first set).</summary>
public sealed class SqliteCheckpointStore(SqliteDatabase database, TimeProvider time) : ICheckpointStore
{
    public async Task<long> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COALESCE((SELECT value FROM checkpoints WHERE name = $name), 0)").With("$name", name);
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetAsync(string name, long value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "INSERT INTO checkpoints (name, value, updated_utc) VALUES ($name, $value, $at) " +
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc")
            .With("$name", name).With("$value", value).With("$at", Sql.Time(time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
