using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Storage.PostgreSql.Posts;

/// <summary>PostgreSQL implementation of <see cref="Core.Storage.ISourceStateStore"/> (shared logic: <see cref="RelationalSourceStateStore"/>).</summary>
public sealed class PostgreSqlSourceStateStore(PostgreSqlDatabase database, TimeProvider time, SecretRedactor? redactor = null)
    : RelationalSourceStateStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, time, redactor);

/// <summary>PostgreSQL implementation of <see cref="Core.Fetching.IUrlValidatorStore"/> (shared logic: <see cref="RelationalUrlValidatorStore"/>).</summary>
public sealed class PostgreSqlUrlValidatorStore(PostgreSqlDatabase database)
    : RelationalUrlValidatorStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL implementation of <see cref="Core.Collection.IRecrawlStore"/> (shared logic: <see cref="Recrawl.RelationalRecrawlStore"/>).</summary>
public sealed class PostgreSqlRecrawlStore(PostgreSqlDatabase database)
    : Recrawl.RelationalRecrawlStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL implementation of <see cref="Core.Images.IPostImageStore"/> (shared logic: <see cref="Images.RelationalPostImageStore"/>).</summary>
public sealed class PostgreSqlPostImageStore(PostgreSqlDatabase database)
    : Images.RelationalPostImageStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
