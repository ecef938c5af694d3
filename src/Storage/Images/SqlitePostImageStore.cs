using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Images;

/// <summary>SQLite implementation of <see cref="Core.Images.IPostImageStore"/> (shared logic: <see cref="RelationalPostImageStore"/>; migration 0112).</summary>
public sealed class SqlitePostImageStore(SqliteDatabase database)
    : RelationalPostImageStore(new SqliteSessions(database, maxIdle: 1), SqliteDialect.Instance);
