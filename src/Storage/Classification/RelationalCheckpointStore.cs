using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Classification;

/// <summary><see cref="ICheckpointStore"/>, shared by the SQLite and PostgreSQL stores: one durable value per follower name (0 until first set).</summary>
public abstract class RelationalCheckpointStore(IStoreSessions sessions, StoreDialect dialect, TimeProvider time)
    : RelationalStore(sessions, dialect), ICheckpointStore
{
    private readonly TimeProvider _time = time;

    public Task<long> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Sessions.RunAsync(session => session.Command("SELECT COALESCE((SELECT value FROM checkpoints WHERE name = @name), 0)").With("@name", name)
            .ScalarLongAsync(cancellationToken), cancellationToken);
    }

    public Task SetAsync(string name, long value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Sessions.RunAsync(session => session.Command(
                "INSERT INTO checkpoints (name, value, updated_utc) VALUES (@name, @value, @at) " +
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc")
            .With("@name", name).With("@value", value).With("@at", Dialect.Time(_time.GetUtcNow()))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

}
