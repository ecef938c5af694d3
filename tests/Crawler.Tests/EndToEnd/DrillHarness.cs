using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Storage;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>
/// The real crawler (sources, fetcher, parsers, runner, SQLite store) composed as the host composes it, pointed at a
/// drill server on 127.0.0.1. Crawler and drill share one fake clock: the test advances it, and so does every delay the
/// crawler waits on (<see cref="DelayAdvancingClock"/>), so the shipped politeness delays apply in full on scenario time
/// without costing wall-clock time, and ages, deletion times and politeness gaps are checked on that time.
/// </summary>
internal sealed class DrillHarness : IAsyncDisposable
{
    private readonly string _dir;
    private readonly ServiceProvider _services;

    private DrillHarness(DrillServer drill, FakeTimeProvider clock, DelayAdvancingClock? crawlerClock, ServiceProvider services, string dir)
    {
        Drill = drill;
        Clock = clock;
        CrawlerClock = crawlerClock;
        _services = services;
        _dir = dir;
    }

    public DrillServer Drill { get; }

    /// <summary>The drill sites' clock (scenario time), which the crawler reads too unless started on the wall clock.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The crawler's clock (<see cref="Clock"/>, moved on by the crawler's delays); null when it runs on the wall clock.</summary>
    public DelayAdvancingClock? CrawlerClock { get; }

    public IPostStore Posts => _services.GetRequiredService<IPostStore>();

    public ISourceStateStore State => _services.GetRequiredService<ISourceStateStore>();

    public ISourceRunner Runner => _services.GetRequiredService<ISourceRunner>();

    public IServiceProvider Services => _services;

    public static readonly DateTimeOffset ScenarioStart = new(2024, 9, 14, 0, 30, 0, TimeSpan.Zero);

    public static async Task<DrillHarness> StartAsync(DrillScenario? scenario = null, DrillPageSizes? pageSizes = null,
        IReadOnlyDictionary<string, string?>? settings = null, Func<DrillServer, IReadOnlyDictionary<string, string?>>? serverSettings = null, Action<IServiceCollection>? services = null,
        bool crawlerOnWallClock = false, CancellationToken cancellationToken = default)
    {
        var clock = new FakeTimeProvider(ScenarioStart);
        var drill = await DrillServer.StartAsync(new DrillOptions
        {
            Scenario = scenario ?? DrillScenario.Demo(),
            TimeProvider = clock,
            PageSizes = pageSizes ?? new DrillPageSizes(),
        }, cancellationToken);
        var dir = Path.Combine(Path.GetTempPath(), "sw-e2e-" + Guid.NewGuid().ToString("N"));
        var keys = new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromMinutes(1)))
        {
            ["Storage:Database"] = Path.Combine(dir, "e2e.db"),
            ["Crawler:Fetching:Retry:MaxRetries"] = "1",
            ["Crawler:Fetching:Timeout"] = "00:00:10",
            ["Crawler:Fetching:AttemptTimeout"] = "00:00:05",
        };
        if (crawlerOnWallClock)
        {
            // Real seconds: keep the delays short so a wall-clock test does not wait the shipped 2 s between pages.
            keys["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.005";
            keys["Crawler:Fetching:Retry:BaseDelay"] = "00:00:00.010";
        }

        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            keys[k] = v;
        }

        // Settings that name the running server (an extra source's URL), known only once it has its port.
        foreach (var (k, v) in serverSettings?.Invoke(drill) ?? new Dictionary<string, string?>())
        {
            keys[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        var crawlerClock = crawlerOnWallClock ? null : new DelayAdvancingClock(clock);
        var collection = new ServiceCollection();
        if (crawlerClock is not null)
        {
            collection.AddSingleton<TimeProvider>(crawlerClock);
        }

        collection
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddStorage(configuration)
            .AddCrawler(configuration);
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider();
        provider.GetService<IStartupValidator>()?.Validate();
        return new DrillHarness(drill, clock, crawlerClock, provider, dir);
    }

    public SourceOptions Source(string id) =>
        _services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources.Single(s => s.Id == id);

    public Task<Core.Collection.SourceRunReport> RunAsync(string sourceId, CancellationToken cancellationToken = default) =>
        Runner.RunAsync(Source(sourceId), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Drill.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
