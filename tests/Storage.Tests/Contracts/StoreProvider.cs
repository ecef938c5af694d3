using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Classification;
using SentimentWatch.Storage.PostgreSql.Posts;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Storage.Tests.Contracts;

/// <summary>
/// One engine behind the store contracts: each contract suite (<c>XxxContract&lt;TProvider&gt;</c>) runs once per
/// provider, on a fresh database per test — a SQLite file in a temp directory, or a database of its own on the test
/// process's PostgreSQL (<see cref="PostgresServer"/>).
/// </summary>
public abstract partial class StoreProvider : IDisposable
{
    private readonly List<IDisposable> _stores = [];

    public abstract Task InitializeAsync();

    public IPostStore Posts() => Track(CreatePosts());

    public ISourceStateStore SourceState(SecretRedactor? redactor = null) => Track(CreateSourceState(redactor));

    public IUrlValidatorStore UrlValidators() => Track(CreateUrlValidators());

    public Core.Collection.IRecrawlStore Recrawl() => Track(CreateRecrawl());

    public Core.Images.IPostImageStore Images() => Track(CreateImages());

    public Core.Classification.IClassificationStore Classifications() => Track(CreateClassifications());

    /// <summary>A new checkpoint store on the same database each call (a second one reads what the first wrote, as after a restart).</summary>
    public Core.Classification.ICheckpointStore Checkpoints(TimeProvider time) => Track(CreateCheckpoints(time));

    public Core.Classification.IClassificationFeedbackStore Feedback() => Track(CreateFeedback());

    public Core.Alerting.IIncidentStore Incidents() => Track(CreateIncidents());

    /// <summary>A new alert store on the same database each call: two of them are two nodes sharing one outbox.</summary>
    public Core.Alerting.IAlertStore Alerts() => Track(CreateAlerts());

    public Core.Alerting.IIncidentActionStore IncidentActions() => Track(CreateIncidentActions());

    public Core.Alerting.IAckLinkLedger AckLinks() => Track(CreateAckLinks());

    public Core.Evidence.IEvidenceStore Evidence() => Track(CreateEvidence());

    public Core.Evidence.ITakedownStore Takedowns() => Track(CreateTakedowns());

    private protected abstract RelationalPostStore CreatePosts();

    private protected abstract RelationalSourceStateStore CreateSourceState(SecretRedactor? redactor);

    private protected abstract RelationalUrlValidatorStore CreateUrlValidators();

    private protected abstract global::SentimentWatch.Storage.Recrawl.RelationalRecrawlStore CreateRecrawl();

    private protected abstract global::SentimentWatch.Storage.Images.RelationalPostImageStore CreateImages();

    private protected abstract global::SentimentWatch.Storage.Classification.RelationalClassificationStore CreateClassifications();

    private protected abstract global::SentimentWatch.Storage.Classification.RelationalCheckpointStore CreateCheckpoints(TimeProvider time);

    private protected abstract global::SentimentWatch.Storage.Classification.RelationalClassificationFeedbackStore CreateFeedback();

    private protected abstract global::SentimentWatch.Storage.Alerting.RelationalIncidentStore CreateIncidents();

    private protected abstract global::SentimentWatch.Storage.Alerting.RelationalAlertStore CreateAlerts();

    private protected abstract global::SentimentWatch.Storage.Alerting.RelationalIncidentActionStore CreateIncidentActions();

    private protected abstract global::SentimentWatch.Storage.Alerting.RelationalAckLinkLedger CreateAckLinks();

    private protected abstract global::SentimentWatch.Storage.Evidence.RelationalEvidenceStore CreateEvidence();

    private protected abstract global::SentimentWatch.Storage.Evidence.RelationalTakedownStore CreateTakedowns();

    private T Track<T>(T store)
        where T : IDisposable
    {
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var s in _stores)
        {
            s.Dispose();
        }

        DisposeDatabase();
        GC.SuppressFinalize(this);
    }

    private protected abstract void DisposeDatabase();
}

public sealed partial class SqliteStoreProvider : StoreProvider
{
    private readonly TempDatabase _db = new();

    public override Task InitializeAsync() => Task.CompletedTask;

    private protected override RelationalPostStore CreatePosts() => new SqlitePostStore(_db.Database);

    private protected override RelationalSourceStateStore CreateSourceState(SecretRedactor? redactor) => new SqliteSourceStateStore(_db.Database, TimeProvider.System, redactor);

    private protected override RelationalUrlValidatorStore CreateUrlValidators() => new SqliteUrlValidatorStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Recrawl.RelationalRecrawlStore CreateRecrawl() => new global::SentimentWatch.Storage.Recrawl.SqliteRecrawlStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Images.RelationalPostImageStore CreateImages() => new global::SentimentWatch.Storage.Images.SqlitePostImageStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Classification.RelationalClassificationStore CreateClassifications() => new global::SentimentWatch.Storage.Classification.SqliteClassificationStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Classification.RelationalCheckpointStore CreateCheckpoints(TimeProvider time) => new global::SentimentWatch.Storage.Classification.SqliteCheckpointStore(_db.Database, time);

    private protected override global::SentimentWatch.Storage.Classification.RelationalClassificationFeedbackStore CreateFeedback() => new global::SentimentWatch.Storage.Classification.SqliteClassificationFeedbackStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalIncidentStore CreateIncidents() => new global::SentimentWatch.Storage.Alerting.SqliteIncidentStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalAlertStore CreateAlerts() => new global::SentimentWatch.Storage.Alerting.SqliteAlertStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalIncidentActionStore CreateIncidentActions() => new global::SentimentWatch.Storage.Alerting.SqliteIncidentActionStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalAckLinkLedger CreateAckLinks() => new global::SentimentWatch.Storage.Alerting.SqliteAckLinkLedger(_db.Database);

    private protected override global::SentimentWatch.Storage.Evidence.RelationalEvidenceStore CreateEvidence() => new global::SentimentWatch.Storage.Evidence.SqliteEvidenceStore(_db.Database);

    private protected override global::SentimentWatch.Storage.Evidence.RelationalTakedownStore CreateTakedowns() => new global::SentimentWatch.Storage.Evidence.SqliteTakedownStore(_db.Database);

    private protected override void DisposeDatabase() => _db.Dispose();
}

public sealed partial class PostgreSqlStoreProvider : StoreProvider
{
    private PostgreSqlDatabase? _db;

    internal PostgreSqlDatabase Database => _db ?? throw new InvalidOperationException("not initialised");

    public override async Task InitializeAsync() => _db = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync().ConfigureAwait(false));

    private protected override RelationalPostStore CreatePosts() => new PostgreSqlPostStore(Database);

    private protected override RelationalSourceStateStore CreateSourceState(SecretRedactor? redactor) => new PostgreSqlSourceStateStore(Database, TimeProvider.System, redactor);

    private protected override RelationalUrlValidatorStore CreateUrlValidators() => new PostgreSqlUrlValidatorStore(Database);

    private protected override global::SentimentWatch.Storage.Recrawl.RelationalRecrawlStore CreateRecrawl() => new PostgreSqlRecrawlStore(Database);

    private protected override global::SentimentWatch.Storage.Images.RelationalPostImageStore CreateImages() => new PostgreSqlPostImageStore(Database);

    private protected override global::SentimentWatch.Storage.Classification.RelationalClassificationStore CreateClassifications() => new PostgreSqlClassificationStore(Database);

    private protected override global::SentimentWatch.Storage.Classification.RelationalCheckpointStore CreateCheckpoints(TimeProvider time) => new PostgreSqlCheckpointStore(Database, time);

    private protected override global::SentimentWatch.Storage.Classification.RelationalClassificationFeedbackStore CreateFeedback() => new PostgreSqlClassificationFeedbackStore(Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalIncidentStore CreateIncidents() => new global::SentimentWatch.Storage.PostgreSql.Alerting.PostgreSqlIncidentStore(Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalAlertStore CreateAlerts() => new global::SentimentWatch.Storage.PostgreSql.Alerting.PostgreSqlAlertStore(Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalIncidentActionStore CreateIncidentActions() => new global::SentimentWatch.Storage.PostgreSql.Alerting.PostgreSqlIncidentActionStore(Database);

    private protected override global::SentimentWatch.Storage.Alerting.RelationalAckLinkLedger CreateAckLinks() => new global::SentimentWatch.Storage.PostgreSql.Alerting.PostgreSqlAckLinkLedger(Database);

    private protected override global::SentimentWatch.Storage.Evidence.RelationalEvidenceStore CreateEvidence() => new global::SentimentWatch.Storage.PostgreSql.Evidence.PostgreSqlEvidenceStore(Database);

    private protected override global::SentimentWatch.Storage.Evidence.RelationalTakedownStore CreateTakedowns() => new global::SentimentWatch.Storage.PostgreSql.Evidence.PostgreSqlTakedownStore(Database);

    private protected override void DisposeDatabase() => _db?.Dispose();
}

/// <summary>Base of every contract suite: a fresh provider per test.</summary>
public abstract class StoreContract<TProvider> : IAsyncLifetime
    where TProvider : StoreProvider, new()
{
    protected TProvider Provider { get; } = new();

    protected static CancellationToken Ct => CancellationToken.None;

    public virtual Task InitializeAsync() => Provider.InitializeAsync();

    public Task DisposeAsync()
    {
        Provider.Dispose();
        return Task.CompletedTask;
    }
}
