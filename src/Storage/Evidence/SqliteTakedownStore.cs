using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Evidence;

/// <summary>SQLite takedown requests and re-checks (migration 0400; the logic is <see cref="RelationalTakedownStore"/>'s).</summary>
public sealed class SqliteTakedownStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalTakedownStore(new SqliteSessions(database, maxIdle: 2), SqliteDialect.Instance, signals);
