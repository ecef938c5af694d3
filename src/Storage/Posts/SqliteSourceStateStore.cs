using SentimentWatch.Core.Configuration;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// SQLite implementation of <see cref="Core.Storage.ISourceStateStore"/> (the logic is
/// <see cref="RelationalSourceStateStore"/>'s). Like the post store it keeps a couple of connections open with their
/// compiled statements; disposing the store closes them.
/// </summary>
public sealed class SqliteSourceStateStore(SqliteDatabase database, TimeProvider time, SecretRedactor? redactor = null)
    : RelationalSourceStateStore(new SqliteSessions(database, maxIdle: 2), SqliteDialect.Instance, time, redactor);
