namespace SentimentWatch.Storage.Tests.Contracts;

// Every contract suite, once per provider: a SQLite file, and a database of its own on the test process's PostgreSQL.
public sealed class SqliteCheckpointStoreTests : Classification.CheckpointStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlCheckpointStoreTests : Classification.CheckpointStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteClassificationFeedbackStoreTests : Classification.ClassificationFeedbackStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlClassificationFeedbackStoreTests : Classification.ClassificationFeedbackStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteClassificationStoreTests : Classification.ClassificationStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlClassificationStoreTests : Classification.ClassificationStoreContract<PostgreSqlStoreProvider>;

public sealed class SqlitePostImageStoreTests : Images.PostImageStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlPostImageStoreTests : Images.PostImageStoreContract<PostgreSqlStoreProvider>;

public sealed class SqlitePostStoreTests : Posts.PostStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlPostStoreTests : Posts.PostStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteRecrawlStoreTests : Recrawl.RecrawlStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlRecrawlStoreTests : Recrawl.RecrawlStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteSourceStateStoreTests : Posts.SourceStateStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlSourceStateStoreTests : Posts.SourceStateStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteUrlValidatorStoreTests : Posts.UrlValidatorStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlUrlValidatorStoreTests : Posts.UrlValidatorStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteIncidentStoreTests : Alerting.IncidentStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlIncidentStoreTests : Alerting.IncidentStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteAlertStoreTests : Alerting.AlertStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlAlertStoreTests : Alerting.AlertStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteIncidentActionStoreTests : Alerting.IncidentActionStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlIncidentActionStoreTests : Alerting.IncidentActionStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteAckLinkLedgerTests : Alerting.AckLinkLedgerContract<SqliteStoreProvider>;

public sealed class PostgreSqlAckLinkLedgerTests : Alerting.AckLinkLedgerContract<PostgreSqlStoreProvider>;

public sealed class SqliteEvidenceStoreTests : Evidence.EvidenceStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlEvidenceStoreTests : Evidence.EvidenceStoreContract<PostgreSqlStoreProvider>;

public sealed class SqliteTakedownStoreTests : Evidence.TakedownStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlTakedownStoreTests : Evidence.TakedownStoreContract<PostgreSqlStoreProvider>;
