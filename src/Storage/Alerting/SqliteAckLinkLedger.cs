using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>SQLite implementation of <see cref="Core.Alerting.IAckLinkLedger"/> (the logic is <see cref="RelationalAckLinkLedger"/>'s).</summary>
public sealed class SqliteAckLinkLedger(SqliteDatabase database)
    : RelationalAckLinkLedger(new SqliteSessions(database, maxIdle: 2), SqliteDialect.Instance);
