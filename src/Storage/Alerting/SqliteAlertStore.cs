using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// SQLite implementation of <see cref="Core.Alerting.IAlertStore"/>, the transactional outbox (the logic is
/// <see cref="RelationalAlertStore"/>'s). One writer at a time (<c>BEGIN IMMEDIATE</c>): one delivery process per file.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalAlertStore(new SqliteSessions(database, maxIdle: 4), SqliteDialect.Instance, signals);
