using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Classification;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>
/// The alerting stage composed as the host composes it (AddAlerting with the shipped config), over a real SQLite file,
/// the real post store, a real SMTP server and fake time; the classification stream is an in-memory fake.
/// </summary>
internal sealed class AlertingHarness : IAsyncDisposable
{
    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private AlertingHarness(ServiceProvider services, FakeTimeProvider time, SqliteDatabase db, SmtpSink sink)
    {
        Services = services;
        Time = time;
        Database = db;
        Sink = sink;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public SqliteDatabase Database { get; }

    public SmtpSink Sink { get; }

    public InMemoryClassificationStore Classifications => (InMemoryClassificationStore)Services.GetRequiredService<IClassificationStore>();

    public IPostStore Posts => Services.GetRequiredService<IPostStore>();

    public IAlertStore Alerts => Services.GetRequiredService<IAlertStore>();

    public IIncidentStore Incidents => Services.GetRequiredService<IIncidentStore>();

    internal AlertingPipeline Pipeline => Services.GetRequiredService<AlertingPipeline>();

    internal OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>Builds a harness; pass the same database, time and streams to simulate a restart of the process.</summary>
    public static AlertingHarness Create(
        SqliteDatabase db,
        SmtpSink sink,
        FakeTimeProvider? time = null,
        InMemoryClassificationStore? classifications = null,
        InMemoryCheckpointStore? checkpoints = null,
        IReadOnlyDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // Webhook receivers run on 127.0.0.1, refused by default (docs/security.md).
            ["Outbound:AllowLoopback"] = "true",
            ["Alerting:Routing:Channels:mail:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Alerting:Ack:SigningKey"] = Key,
            ["Alerting:Ack:Listen"] = "http://127.0.0.1:0",
            ["Alerting:Ack:BaseUrl"] = "http://127.0.0.1:8788",
            ["Alerting:Delivery:BackoffBase"] = "00:00:01",
            ["Alerting:Delivery:BackoffMax"] = "00:00:30",
            // The daily digest is its own once-a-day mail: scenarios that count incident mails leave it out (digest tests turn it on).
            ["Alerting:Routing:Digest:Enabled"] = "false",
            // The evidence stage is not part of these tests (Evidence.Tests and Host.Tests freeze for real): no evidence channel.
            ["Alerting:FreezeEvidence"] = "false",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var config = Some.Configuration(settings);
        var t = time ?? new FakeTimeProvider(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(config);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(t);
        services.AddSingleton(db);
        services.AddSingleton<IPostStore, SqlitePostStore>();
        services.AddSingleton<IClassificationStore>(classifications ?? new InMemoryClassificationStore());
        services.AddSingleton<ICheckpointStore>(checkpoints ?? new InMemoryCheckpointStore());
        extra?.Invoke(services);
        // Stores the host always composes (AddStorage), over the same file; a test's own (extra) wins.
        services.TryAddSingleton<ISourceStateStore>(_ => new SqliteSourceStateStore(db, t));
        services.TryAddSingleton<IClassificationFeedbackStore>(_ => new SqliteClassificationFeedbackStore(db));
        services.AddAlertingStores();
        services.AddAlerting(config);
        return new AlertingHarness(services.BuildServiceProvider(), t, db, sink);
    }

    private static int _nextId;

    /// <summary>Stores a post and its classification; returns the post id.</summary>
    public async Task<long> AddPostAsync(string text, string label, string platform = "weibo", long engagement = 0, string[]? contacts = null, DateTimeOffset? at = null, string? author = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var published = at ?? Time.GetUtcNow();
        var post = new CollectedPost("src-" + platform, platform, "p" + id, new Uri($"http://127.0.0.1/{platform}/p{id}"), "p" + id, null,
            new AuthorInfo(author ?? "u" + id, author ?? "用户" + id, 100), null, text, published, null, new Engagement(engagement, 0, 0, null), null);
        var written = await Posts.UpsertPostAsync(post, published, CancellationToken.None);
        var result = new ClassificationResult(label, 0.9, new Dictionary<string, double> { [label] = 0.9 },
            (contacts ?? []).Select(c => new Contact(c.Split(':')[0], c.Split(':')[1], c, 0, 0)).ToList(), ["test"], "test-model");
        await Classifications.SaveAsync(written.PostId, written.Version, published, result, CancellationToken.None);
        return written.PostId;
    }

    /// <summary>One alerting pass plus delivery passes until nothing more goes out.</summary>
    public async Task<int> PassAsync()
    {
        var consumed = await Pipeline.RunOnceAsync(CancellationToken.None);
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        return consumed;
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
