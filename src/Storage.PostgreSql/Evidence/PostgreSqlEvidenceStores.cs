using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Evidence;

namespace SentimentWatch.Storage.PostgreSql.Evidence;

/// <summary>PostgreSQL <see cref="Core.Evidence.IEvidenceStore"/>, with the custody log heads (shared logic: <see cref="RelationalEvidenceStore"/>).</summary>
public sealed class PostgreSqlEvidenceStore(PostgreSqlDatabase database)
    : RelationalEvidenceStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL <see cref="Core.Evidence.ITakedownStore"/> (shared logic: <see cref="RelationalTakedownStore"/>).</summary>
public sealed class PostgreSqlTakedownStore(PostgreSqlDatabase database, PipelineSignals? signals = null)
    : RelationalTakedownStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals);
