using SentimentWatch.Storage.Classification;

namespace SentimentWatch.Storage.PostgreSql.Classification;

/// <summary>PostgreSQL <see cref="Core.Classification.IClassificationStore"/> (shared logic: <see cref="RelationalClassificationStore"/>).</summary>
public sealed class PostgreSqlClassificationStore(PostgreSqlDatabase database)
    : RelationalClassificationStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL <see cref="Core.Classification.ICheckpointStore"/> (shared logic: <see cref="RelationalCheckpointStore"/>).</summary>
public sealed class PostgreSqlCheckpointStore(PostgreSqlDatabase database, TimeProvider time)
    : RelationalCheckpointStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, time);

/// <summary>PostgreSQL <see cref="Core.Classification.IClassificationFeedbackStore"/> (shared logic: <see cref="RelationalClassificationFeedbackStore"/>).</summary>
public sealed class PostgreSqlClassificationFeedbackStore(PostgreSqlDatabase database)
    : RelationalClassificationFeedbackStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
