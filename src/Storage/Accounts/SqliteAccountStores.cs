using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Accounts;

// The SQLite stores of the duty console: the shared Relational* logic with SQLite's sessions and dialect. They keep no
// connection open between calls (maxIdle 0), as they are called a few times a minute and built ad hoc by some commands.

/// <summary>SQLite implementation of <see cref="Core.Accounts.IAccountStore"/> (shared logic: <see cref="RelationalAccountStore"/>).</summary>
public sealed class SqliteAccountStore(SqliteDatabase database)
    : RelationalAccountStore(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);

/// <summary>SQLite implementation of <see cref="Core.Accounts.IAuditLog"/> (shared logic: <see cref="RelationalAuditLog"/>).</summary>
public sealed class SqliteAuditLog(SqliteDatabase database, TimeProvider time)
    : RelationalAuditLog(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance, time);

/// <summary>SQLite implementation of <see cref="Core.Alerting.IIncidentWorkStore"/> (shared logic: <see cref="RelationalIncidentWorkStore"/>).</summary>
public sealed class SqliteIncidentWorkStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalIncidentWorkStore(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance, signals);

/// <summary>SQLite implementation of <see cref="Core.Alerting.IQueueChanges"/> (shared logic: <see cref="RelationalQueueChanges"/>).</summary>
public sealed class SqliteQueueChanges(SqliteDatabase database)
    : RelationalQueueChanges(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);
