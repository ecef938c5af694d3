using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Exercise;

/// <summary>SQLite implementation of <see cref="Core.Exercise.IExerciseStore"/> (shared logic: <see cref="RelationalExerciseStore"/>); built ad hoc by <c>sw exercise run</c>, so it keeps no connection open.</summary>
public sealed class SqliteExerciseStore(SqliteDatabase database)
    : RelationalExerciseStore(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);
