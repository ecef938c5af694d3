using SentimentWatch.Storage.Accounts;

namespace SentimentWatch.Storage.PostgreSql.Accounts;

/// <summary>PostgreSQL <see cref="Core.Accounts.IAccountStore"/> (shared logic: <see cref="RelationalAccountStore"/>).</summary>
public sealed class PostgreSqlAccountStore(PostgreSqlDatabase database)
    : RelationalAccountStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL <see cref="Core.Accounts.IAuditLog"/> (shared logic: <see cref="RelationalAuditLog"/>; appends under the chain's advisory lock).</summary>
public sealed class PostgreSqlAuditLog(PostgreSqlDatabase database, TimeProvider time)
    : RelationalAuditLog(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, time);

/// <summary>PostgreSQL <see cref="Core.Alerting.IIncidentWorkStore"/> (shared logic: <see cref="RelationalIncidentWorkStore"/>).</summary>
public sealed class PostgreSqlIncidentWorkStore(PostgreSqlDatabase database, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalIncidentWorkStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, signals);

/// <summary>PostgreSQL <see cref="Core.Alerting.IQueueChanges"/> (shared logic: <see cref="RelationalQueueChanges"/>).</summary>
public sealed class PostgreSqlQueueChanges(PostgreSqlDatabase database)
    : RelationalQueueChanges(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
