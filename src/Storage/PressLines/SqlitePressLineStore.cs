using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PressLines;

/// <summary>SQLite implementation of <see cref="Core.PressLines.IPressLineStore"/> (shared logic: <see cref="RelationalPressLineStore"/>); no connection kept between calls.</summary>
public sealed class SqlitePressLineStore(SqliteDatabase database)
    : RelationalPressLineStore(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);
