using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage;

/// <summary>SQLite's gauges (shared logic: <see cref="RelationalPipelineGaugeReader"/>); no connection kept between scrapes.</summary>
internal sealed class SqlitePipelineGaugeReader(SqliteDatabase database)
    : RelationalPipelineGaugeReader(new Posts.SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);
