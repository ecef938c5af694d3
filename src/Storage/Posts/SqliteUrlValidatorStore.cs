using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// SQLite implementation of <see cref="Core.Fetching.IUrlValidatorStore"/> (the logic is
/// <see cref="RelationalUrlValidatorStore"/>'s), on a few connections kept open with their compiled statements.
/// </summary>
public sealed class SqliteUrlValidatorStore(SqliteDatabase database)
    : RelationalUrlValidatorStore(new SqliteSessions(database, maxIdle: 4), SqliteDialect.Instance);
