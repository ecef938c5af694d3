using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Classification;

/// <summary>SQLite <see cref="Core.Classification.ICheckpointStore"/> (shared logic: <see cref="RelationalCheckpointStore"/>).</summary>
public sealed class SqliteCheckpointStore(SqliteDatabase database, TimeProvider time)
    : RelationalCheckpointStore(new SqliteSessions(database, maxIdle: 2), SqliteDialect.Instance, time);
