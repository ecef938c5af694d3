using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Search;

/// <summary>SQLite <see cref="Core.Search.ISearchFeed"/> (shared logic: <see cref="RelationalSearchFeed"/>).</summary>
public sealed class SqliteSearchFeed(SqliteDatabase database, TimeProvider time)
    : RelationalSearchFeed(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance, time);
