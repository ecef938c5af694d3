using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Alerting;

namespace SentimentWatch.Storage.PostgreSql.Alerting;

/// <summary>PostgreSQL <see cref="Core.Alerting.IIncidentStore"/> (shared logic: <see cref="RelationalIncidentStore"/>).</summary>
public sealed class PostgreSqlIncidentStore(PostgreSqlDatabase database, PipelineSignals? signals = null)
    : RelationalIncidentStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals);

/// <summary>PostgreSQL <see cref="Core.Alerting.IAlertStore"/>, the outbox shared by the nodes (shared logic: <see cref="RelationalAlertStore"/>).</summary>
public sealed class PostgreSqlAlertStore(PostgreSqlDatabase database, PipelineSignals? signals = null)
    : RelationalAlertStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals);

/// <summary>PostgreSQL <see cref="Core.Alerting.IIncidentActionStore"/> (shared logic: <see cref="RelationalIncidentActionStore"/>).</summary>
public sealed class PostgreSqlIncidentActionStore(PostgreSqlDatabase database, PipelineSignals? signals = null)
    : RelationalIncidentActionStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals);

/// <summary>PostgreSQL <see cref="Core.Alerting.IAckLinkLedger"/> (shared logic: <see cref="RelationalAckLinkLedger"/>).</summary>
public sealed class PostgreSqlAckLinkLedger(PostgreSqlDatabase database)
    : RelationalAckLinkLedger(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
