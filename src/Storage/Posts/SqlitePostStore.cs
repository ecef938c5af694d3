using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// SQLite implementation of <see cref="Core.Storage.IPostStore"/> (the logic is <see cref="RelationalPostStore"/>'s).
/// Each write is one IMMEDIATE transaction. Statements run on a few connections kept open with their compiled
/// statements (see <see cref="SqliteSessions"/>); disposing the store closes them.
/// </summary>
public sealed class SqlitePostStore(SqliteDatabase database, PipelineSignals? signals = null)
    : RelationalPostStore(new SqliteSessions(database, MaxIdleSessions), SqliteDialect.Instance, signals)
{
    // Enough for every source crawling at once plus the classifier and alerting readers; more wait on none, they just
    // open a connection of their own for that call.
    private const int MaxIdleSessions = 8;
}
