using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Classification;

/// <summary>SQLite <see cref="Core.Classification.IClassificationFeedbackStore"/> (shared logic: <see cref="RelationalClassificationFeedbackStore"/>).</summary>
public sealed class SqliteClassificationFeedbackStore(SqliteDatabase database)
    : RelationalClassificationFeedbackStore(new SqliteSessions(database, maxIdle: 1), SqliteDialect.Instance);
