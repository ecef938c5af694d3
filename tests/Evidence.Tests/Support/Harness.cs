using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SentimentWatch.Evidence;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Evidence;

namespace SentimentWatch.Evidence.Tests.Support;

/// <summary>
/// The evidence services as the host composes them (AddEvidence + AddEvidenceStorage, real SQLite in a temp dir),
/// the real SQLite post store, and an event sink that records what it was told.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private Harness(string dir, ServiceProvider provider, RecordingEventSink events)
    {
        Dir = dir;
        _provider = provider;
        Events = events;
    }

    public string Dir { get; }

    /// <summary>Stores a post (and its crawl-time exchange) in the real SQLite post store.</summary>
    public async Task<StoredPost> AddPostAsync(Uri url, HttpExchange? crawl)
    {
        var posts = _provider.GetRequiredService<IPostStore>();
        long? exchangeId = crawl is null ? null : await posts.SaveExchangeAsync(crawl, CancellationToken.None);
        var collected = new CollectedPost("test-forum", "discuz", "tid-123", url, "tid-123", null, new AuthorInfo("u-9", "法考小助手", null), "考前资料",
            TestSite.PostText, DateTimeOffset.Parse("2026-11-22T01:15:00Z", System.Globalization.CultureInfo.InvariantCulture), "2026-11-22 09:15", Engagement.None, exchangeId);
        var written = await posts.UpsertPostAsync(collected, DateTimeOffset.UtcNow, CancellationToken.None);
        return (await posts.GetPostAsync(written.PostId, CancellationToken.None))!;
    }

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
            // The test site runs on 127.0.0.1; loopback is refused by default (docs/security.md), so tests allow it explicitly.
            ["Evidence:Outbound:AllowLoopback"] = "true",
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
        var events = new RecordingEventSink();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(config);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IEvidenceEventSink>(events);
        services.AddStorage(config).AddEvidence(config);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new Harness(dir, provider, events);
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
