using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Classification;

/// <summary>SQLite <see cref="Core.Classification.IClassificationStore"/> (shared logic: <see cref="RelationalClassificationStore"/>).</summary>
public sealed class SqliteClassificationStore(SqliteDatabase database)
    : RelationalClassificationStore(new SqliteSessions(database, maxIdle: 2), SqliteDialect.Instance);
