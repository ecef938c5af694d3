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
