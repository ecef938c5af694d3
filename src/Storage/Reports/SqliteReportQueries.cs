using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Reports;

/// <summary>SQLite implementation of <see cref="Core.Reports.IReportQueries"/> (shared logic: <see cref="RelationalReportQueries"/>).</summary>
public sealed class SqliteReportQueries(SqliteDatabase database)
    : RelationalReportQueries(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance);
