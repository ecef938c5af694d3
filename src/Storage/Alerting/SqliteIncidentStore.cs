using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Alerting;

/// <summary>SQLite implementation of <see cref="IIncidentStore"/> (the logic, and the signal after a post joins, are <see cref="RelationalIncidentStore"/>'s).</summary>
public sealed class SqliteIncidentStore(SqliteDatabase database, PipelineSignals? signals = null)
    : RelationalIncidentStore(new SqliteSessions(database, maxIdle: 4), SqliteDialect.Instance, signals)
{
    /// <inheritdoc cref="RelationalIncidentStore.ReadColumns"/>
    internal new const string ReadColumns = RelationalIncidentStore.ReadColumns;

    /// <summary>An incident from a SQLite row of <see cref="ReadColumns"/> (the report queries read incidents too).</summary>
    internal static IncidentRecord Read(SqliteDataReader r) => Read(r, SqliteDialect.Instance);
}
