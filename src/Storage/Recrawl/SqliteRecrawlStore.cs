using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Recrawl;

/// <summary>SQLite implementation of <see cref="Core.Collection.IRecrawlStore"/> (shared logic: <see cref="RelationalRecrawlStore"/>).</summary>
public sealed class SqliteRecrawlStore(SqliteDatabase database)
    : RelationalRecrawlStore(new SqliteSessions(database, maxIdle: 1), SqliteDialect.Instance);
