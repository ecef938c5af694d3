using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Reports;

/// <summary>SQLite implementation of <see cref="Core.Reports.IReportStore"/> (shared logic: <see cref="RelationalReportStore"/>, migration 0700); no connection kept between calls.</summary>
public sealed class SqliteReportStore(SqliteDatabase database)
    : RelationalReportStore(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);
