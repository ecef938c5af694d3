using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>SQLite implementation of <see cref="Core.Alerting.IIncidentActionStore"/> (the logic is <see cref="RelationalIncidentActionStore"/>'s).</summary>
public sealed class SqliteIncidentActionStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalIncidentActionStore(new SqliteSessions(database, maxIdle: 4), SqliteDialect.Instance, signals);
