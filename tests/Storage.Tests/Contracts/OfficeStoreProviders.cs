using SentimentWatch.Storage.Accounts;
using SentimentWatch.Storage.Exercise;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Accounts;
using SentimentWatch.Storage.PostgreSql.Office;
using SentimentWatch.Storage.PressLines;

namespace SentimentWatch.Storage.Tests.Contracts;

// The duty console's, office's and reports' stores on each provider (kept apart from the pipeline's in StoreProvider.cs).
public abstract partial class StoreProvider
{
    public Core.Accounts.IAccountStore Accounts() => Track(CreateAccounts());

    public Core.Accounts.IAuditLog Audit(TimeProvider time) => Track(CreateAudit(time));

    public Core.Alerting.IIncidentWorkStore IncidentWork() => Track(CreateIncidentWork());

    public Core.Alerting.IQueueChanges QueueChanges() => Track(CreateQueueChanges());

    public Core.PressLines.IPressLineStore PressLines() => Track(CreatePressLines());

    public Core.Exercise.IExerciseStore Exercise() => Track(CreateExercise());

    public Core.Reports.IReportStore Reports() => Track(CreateReports());

    public Core.Reports.IReportQueries ReportQueries() => Track(CreateReportQueries());

    public Core.Operations.IPipelineGaugeReader Gauges() => Track(CreateGauges());

    /// <summary>The store's side of an external search index (Elasticsearch's feed and hydration).</summary>
    public Core.Search.ISearchFeed SearchFeed(TimeProvider time) => Track(CreateSearchFeed(time));

    private protected abstract Storage.Search.RelationalSearchFeed CreateSearchFeed(TimeProvider time);

    /// <summary>Runs <paramref name="sql"/> on the provider's database outside every store (tampering, fixtures).</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/>, then closes it.</summary>
    private protected static async Task ExecuteOnAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using (connection)
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private protected abstract Relational.RelationalPipelineGaugeReader CreateGauges();

    private protected abstract RelationalAccountStore CreateAccounts();

    private protected abstract RelationalAuditLog CreateAudit(TimeProvider time);

    private protected abstract RelationalIncidentWorkStore CreateIncidentWork();

    private protected abstract RelationalQueueChanges CreateQueueChanges();

    private protected abstract RelationalPressLineStore CreatePressLines();

    private protected abstract RelationalExerciseStore CreateExercise();

    private protected abstract Storage.Reports.RelationalReportStore CreateReports();

    private protected abstract Storage.Reports.RelationalReportQueries CreateReportQueries();
}

public sealed partial class SqliteStoreProvider
{
    public override async Task ExecuteAsync(string sql) => await ExecuteOnAsync(await _db.Database.OpenAsync(CancellationToken.None), sql);

    private protected override Relational.RelationalPipelineGaugeReader CreateGauges() => new SqlitePipelineGaugeReader(_db.Database);

    private protected override RelationalAccountStore CreateAccounts() => new SqliteAccountStore(_db.Database);

    private protected override RelationalAuditLog CreateAudit(TimeProvider time) => new SqliteAuditLog(_db.Database, time);

    private protected override RelationalIncidentWorkStore CreateIncidentWork() => new SqliteIncidentWorkStore(_db.Database);

    private protected override RelationalQueueChanges CreateQueueChanges() => new SqliteQueueChanges(_db.Database);

    private protected override RelationalPressLineStore CreatePressLines() => new SqlitePressLineStore(_db.Database);

    private protected override RelationalExerciseStore CreateExercise() => new SqliteExerciseStore(_db.Database);

    private protected override Storage.Reports.RelationalReportStore CreateReports() => new Storage.Reports.SqliteReportStore(_db.Database);

    private protected override Storage.Reports.RelationalReportQueries CreateReportQueries() => new Storage.Reports.SqliteReportQueries(_db.Database);

    private protected override Storage.Search.RelationalSearchFeed CreateSearchFeed(TimeProvider time) => new Storage.Search.SqliteSearchFeed(_db.Database, time);
}

public sealed partial class PostgreSqlStoreProvider
{
    public override async Task ExecuteAsync(string sql) => await ExecuteOnAsync(await Database.OpenAsync(CancellationToken.None), sql);

    private protected override Relational.RelationalPipelineGaugeReader CreateGauges()
    {
        // The outbox is the alerting band's table (ported separately); until that band is in this build the test gives
        // the gauge an empty one of its own. Where the real table exists, it is the one read.
        using (var connection = Database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult())
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS outbox (state text NOT NULL)";
            create.ExecuteNonQuery();
        }

        return new PostgreSqlPipelineGaugeReader(Database);
    }

    private protected override RelationalAccountStore CreateAccounts() => new PostgreSqlAccountStore(Database);

    private protected override RelationalAuditLog CreateAudit(TimeProvider time) => new PostgreSqlAuditLog(Database, time);

    private protected override RelationalIncidentWorkStore CreateIncidentWork() => new PostgreSqlIncidentWorkStore(Database);

    private protected override RelationalQueueChanges CreateQueueChanges() => new PostgreSqlQueueChanges(Database);

    private protected override RelationalPressLineStore CreatePressLines() => new PostgreSqlPressLineStore(Database);

    private protected override RelationalExerciseStore CreateExercise() => new PostgreSqlExerciseStore(Database);

    private protected override Storage.Reports.RelationalReportStore CreateReports() => new PostgreSqlReportStore(Database);

    private protected override Storage.Reports.RelationalReportQueries CreateReportQueries() => new PostgreSqlReportQueries(Database);

    private protected override Storage.Search.RelationalSearchFeed CreateSearchFeed(TimeProvider time) => new Storage.PostgreSql.Search.PostgreSqlSearchFeed(Database, time);
}
