using System.Data.Common;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Reports;

/// <summary>SQLite implementation of <see cref="Core.Reports.IReportQueries"/> (shared logic: <see cref="RelationalReportQueries"/>); incidents read as <see cref="SqliteIncidentStore"/> reads them.</summary>
public sealed class SqliteReportQueries(SqliteDatabase database)
    : RelationalReportQueries(new SqliteSessions(database, maxIdle: 0), SqliteDialect.Instance)
{
    private protected override string IncidentColumns => SqliteIncidentStore.ReadColumns;

    private protected override IncidentRecord ReadIncident(DbDataReader r) => SqliteIncidentStore.Read((SqliteDataReader)r);
}
