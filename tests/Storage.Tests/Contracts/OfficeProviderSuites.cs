namespace SentimentWatch.Storage.Tests.Contracts;

// The duty console's, office's and reports' contract suites, once per provider.
public sealed class SqliteAccountStoreTests : Accounts.AccountStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlAccountStoreTests : Accounts.AccountStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteAuditLogTests : Accounts.AuditLogContract<SqliteStoreProvider>;

public sealed class PostgreSqlAuditLogTests : Accounts.AuditLogContract<PostgreSqlStoreProvider>;

public sealed class SqliteIncidentWorkStoreTests : Accounts.IncidentWorkStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlIncidentWorkStoreTests : Accounts.IncidentWorkStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteQueueChangesTests : Accounts.QueueChangesContract<SqliteStoreProvider>;

public sealed class PostgreSqlQueueChangesTests : Accounts.QueueChangesContract<PostgreSqlStoreProvider>;

public sealed class SqlitePressLineStoreTests : Office.PressLineStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlPressLineStoreTests : Office.PressLineStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteExerciseStoreTests : Office.ExerciseStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlExerciseStoreTests : Office.ExerciseStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteReportStoreTests : Reports.ReportStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlReportStoreTests : Reports.ReportStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteReportQueriesTests : Reports.ReportQueriesContract<SqliteStoreProvider>;

public sealed class PostgreSqlReportQueriesTests : Reports.ReportQueriesContract<PostgreSqlStoreProvider>;

public sealed class SqlitePipelineGaugeTests : Reports.PipelineGaugeContract<SqliteStoreProvider>;

public sealed class PostgreSqlPipelineGaugeTests : Reports.PipelineGaugeContract<PostgreSqlStoreProvider>;

public sealed class SqliteSearchFeedTests : Search.SearchFeedContract<SqliteStoreProvider>;

public sealed class PostgreSqlSearchFeedTests : Search.SearchFeedContract<PostgreSqlStoreProvider>;
