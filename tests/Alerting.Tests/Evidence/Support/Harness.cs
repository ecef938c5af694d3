using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SentimentWatch.Alerting.Evidence;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Evidence;

namespace SentimentWatch.Alerting.Tests.Evidence.Support;

/// <summary>
/// The evidence services as the host composes them (AddEvidence + AddEvidenceStorage, real SQLite in a temp dir),
/// with an in-memory post store and an event sink that records what it was told.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private Harness(string dir, ServiceProvider provider, InMemoryPostStore posts, RecordingEventSink events)
    {
        Dir = dir;
        _provider = provider;
        Posts = posts;
        Events = events;
    }

    public string Dir { get; }

    public InMemoryPostStore Posts { get; }

    public RecordingEventSink Events { get; }

    public IServiceProvider Services => _provider;

    public EvidenceFreezer Freezer => _provider.GetRequiredService<EvidenceFreezer>();

    public IEvidencePacketVerifier Verifier => _provider.GetRequiredService<IEvidencePacketVerifier>();

    public static Harness Create(OpenSslTsa? tsa, Dictionary<string, string?>? extra = null, TimeProvider? time = null, string tsaPath = "tsa")
    {
        var dir = Directory.CreateTempSubdirectory("sw-test-evidence-").FullName;
        // Generating the RSA-3072 development signer takes seconds; every harness after the first reuses one.
        var cached = CachedDevSigner();
        var devDir = Path.Combine(dir, "evidence", "dev-signer");
        Directory.CreateDirectory(devDir);
        File.Copy(cached, Path.Combine(devDir, "dev-signer.pfx"));
        var settings = new Dictionary<string, string?>
        {
            ["Paths:Data"] = dir,
            ["Storage:Database"] = Path.Combine(dir, "sw.db"),
            ["Evidence:Screenshots:Enabled"] = "false",
            ["Evidence:FetchTimeout"] = "00:00:03",
            ["Evidence:RetryDelay"] = "00:00:00",
            ["Evidence:BlockPageRetries"] = "1",
            ["Evidence:MaxResponseBytes"] = "1048576",
            ["Evidence:MaxRedirects"] = "5",
            ["Evidence:Operator:Organization"] = "某省司法厅（测试）",
        };
        if (tsa is not null)
        {
            settings["Evidence:Tsa:0:Name"] = "test-tsa";
            settings["Evidence:Tsa:0:Url"] = new Uri(tsa.BaseUri, tsaPath).AbsoluteUri;
            settings["Evidence:Tsa:0:TrustedRootPath"] = tsa.RootPem;
            settings["Evidence:Tsa:0:ChainPath"] = tsa.ChainPem;
        }

        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var posts = new InMemoryPostStore();
        var events = new RecordingEventSink();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(config);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IPostStore>(posts);
        services.AddSingleton<IEvidenceEventSink>(events);
        services.AddEvidence(config).AddEvidenceStorage(config);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new Harness(dir, provider, posts, events);
    }

    private static readonly Lock DevSignerGate = new();
    private static string? _devSigner;

    private static string CachedDevSigner()
    {
        lock (DevSignerGate)
        {
            if (_devSigner is null)
            {
                var dir = Directory.CreateTempSubdirectory("sw-test-devsigner-").FullName;
                var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Paths:Data"] = dir }).Build();
                var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddEvidence(config).BuildServiceProvider();
                _ = services.GetRequiredService<SignerCertificates>().Load(out _);
                _devSigner = Path.Combine(dir, "evidence", "dev-signer", "dev-signer.pfx");
            }

            return _devSigner;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Hand-written post store holding a few posts and their crawl-time exchanges.</summary>
internal sealed class InMemoryPostStore : IPostStore
{
    private readonly Dictionary<long, StoredPost> _posts = [];
    private readonly Dictionary<long, HttpExchange> _exchanges = [];

    public StoredPost Add(Uri url, HttpExchange? crawl)
    {
        long? exchangeId = null;
        if (crawl is not null)
        {
            exchangeId = _exchanges.Count + 1;
            _exchanges[exchangeId.Value] = crawl;
        }

        var post = new StoredPost(_posts.Count + 1, "test-forum", "discuz", "tid-123", url, "tid-123", null, new AuthorInfo("u-9", "法考小助手", null), "考前资料",
            TestSite.PostText, DateTimeOffset.Parse("2026-11-22T01:15:00Z", System.Globalization.CultureInfo.InvariantCulture), "2026-11-22 09:15",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "hash", 1, exchangeId, null, null);
        _posts[post.Id] = post;
        return post;
    }

    public Task<StoredPost?> GetPostAsync(long postId, CancellationToken cancellationToken) => Task.FromResult(_posts.GetValueOrDefault(postId));

    public Task<HttpExchange?> GetExchangeAsync(long exchangeId, CancellationToken cancellationToken) => Task.FromResult(_exchanges.GetValueOrDefault(exchangeId));

    public Task<long> SaveExchangeAsync(HttpExchange exchange, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PostWriteResult> UpsertPostAsync(CollectedPost post, DateTimeOffset seenAtUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PostWriteResult>> CommitPageAsync(IReadOnlyList<CollectedPost> posts, DateTimeOffset seenAtUtc, string sourceId, string? newCursor, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task MarkDeletedAsync(long postId, DateTimeOffset atUtc, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StoredPost?> FindPostAsync(string sourceId, string platformPostId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredPost>> GetPostVersionsAsync(long postId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<EngagementSnapshot>> GetEngagementAsync(long postId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredPost>> GetRecentPostsAsync(string sourceId, DateTimeOffset sinceUtc, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PostChange>> GetChangesAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long> CountPostsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class RecordingEventSink : IEvidenceEventSink
{
    public List<EvidenceCaptureFailed> Failures { get; } = [];

    public List<TakedownOverdue> Overdue { get; } = [];

    public Task CaptureFailedAsync(EvidenceCaptureFailed failure, CancellationToken cancellationToken)
    {
        lock (Failures)
        {
            Failures.Add(failure);
        }

        return Task.CompletedTask;
    }

    public Task TakedownOverdueAsync(TakedownOverdue overdue, CancellationToken cancellationToken)
    {
        lock (Overdue)
        {
            Overdue.Add(overdue);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Shared servers for the evidence tests: the site and a real openssl TSA.</summary>
public sealed class EvidenceServers : IAsyncLifetime
{
    internal TestSite Site { get; private set; } = null!;

    internal OpenSslTsa? Tsa { get; private set; }

    public async Task InitializeAsync()
    {
        Site = await TestSite.StartAsync();
        if (Tools.Missing("openssl") is null)
        {
            Tsa = await OpenSslTsa.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        if (Tsa is not null)
        {
            await Tsa.DisposeAsync();
        }
    }
}
