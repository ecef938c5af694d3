using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using Quartz;
using SentimentWatch.Storage;
using SentimentWatch.Storage.PostgreSql;

namespace SentimentWatch.Benchmarks.Crawling;

/// <summary>
/// Fetch + parse + store throughput against the drill sites with politeness off: every source crawled once, in
/// parallel, into a fresh SQLite store. Run twice per mode — directly through the source runner, and through the Quartz
/// schedule the worker uses — so the scheduler's cost shows as the difference.
/// <c>dotnet run -c Release --project benchmarks/SentimentWatch.Benchmarks -- crawl [--posts 20000] [--rounds 3] [--modes direct,quartz] [--provider sqlite|postgresql] [--pg "Host=…"]</c>
/// With <c>--provider postgresql</c> each round stores into a fresh PostgreSQL database: on the server <c>--pg</c> names, or
/// on one the benchmark starts itself on loopback (Debian's initdb + pg_ctl, as the tests do). The host then composes
/// only the stores the crawl uses (<c>AddPostgreSqlStorage</c>), all of them PostgreSQL ones.
/// Round 1 of the first mode is the cold round (everything jitted for the first time in the process); the per-mode
/// medians and their ratio are taken over rounds 2 and later only, so direct and Quartz are compared like for like. Each round also
/// prints the process CPU time it used (drill server included): on a machine shared with other work, posts per
/// CPU-second is the steadier figure, wall-clock posts/s the one the target is set in.
/// Every round is checked against the posts the scenario makes reachable (<see cref="Reachable"/>), per source in the
/// direct mode; a round that stored a different number is reported as MISSED and the benchmark exits 1.
/// </summary>
public sealed class CrawlBenchmark : IBenchmark
{
    public string Name => "crawl";

    public string Description => "posts/s and peak memory crawling the drill sites (direct vs Quartz-scheduled)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var posts = BenchmarkArgs.Int(args, "--posts", 20_000);
        var rounds = BenchmarkArgs.Int(args, "--rounds", 3);
        var modes = (BenchmarkArgs.String(args, "--modes") ?? "direct,quartz").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var provider = BenchmarkArgs.String(args, "--provider") ?? StorageOptions.Sqlite;
        if (provider is not (StorageOptions.Sqlite or StorageOptions.PostgreSql))
        {
            Console.Error.WriteLine("--provider takes sqlite or postgresql");
            return 2;
        }

        var server = provider == StorageOptions.PostgreSql ? PostgreSqlServer(BenchmarkArgs.String(args, "--pg") ?? "") : null;
        if (modes.Length == 0 || modes.Any(m => m is not ("direct" or "quartz")))
        {
            Console.Error.WriteLine("--modes takes a comma-separated list of direct and quartz");
            return 2;
        }

        Console.WriteLine($"crawl benchmark: {posts} generated posts over 5 drill sites, politeness off, store {provider}{(server is null ? "" : $" ({server.Describe()})")}, {rounds} rounds of {string.Join(" + ", modes)}, {Environment.ProcessorCount} cores, {RuntimeSettings()}");
        var results = new List<(int Round, string Mode, double PostsPerSecond, double PostsPerCpuSecond)>();
        var missedRounds = 0;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var mode in modes)
            {
                var cold = results.Count == 0;
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var (stored, expected, seconds) = await OneRoundAsync(posts, mode == "quartz", server, cancellationToken).ConfigureAwait(false);
                if (stored != expected)
                {
                    missedRounds++;
                    Console.WriteLine($"  MISSED: round {round} {mode} stored {stored} posts of the {expected} the scenario makes reachable");
                }

                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                results.Add((round, mode, stored / seconds, stored / cpu));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round} {mode,-6}{(cold ? " (cold)" : ""),-7}: {stored} posts in {seconds:0.00} s = {stored / seconds:0} posts/s; CPU {cpu:0.00} s = {stored / cpu:0} posts/CPU-s"));
            }
        }

        // Round 1 warms the process up (its first mode is the cold round, reported above); from round 2 on every mode runs
        // on the same warm process, so the medians and the Quartz/direct ratio compare like for like.
        var medians = new Dictionary<string, (double Wall, double Cpu)>();
        foreach (var mode in modes)
        {
            var warm = results.Where(r => r.Mode == mode && r.Round >= 2).ToList();
            if (warm.Count == 0)
            {
                continue;
            }

            var rates = warm.Select(r => r.PostsPerSecond).Order().ToList();
            medians[mode] = (Median(rates), Median(warm.Select(r => r.PostsPerCpuSecond).Order().ToList()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode} warm (rounds 2+): median {medians[mode].Wall:0} posts/s (min {rates[0]:0}, max {rates[^1]:0}); median {medians[mode].Cpu:0} posts/CPU-s"));
        }

        if (medians.TryGetValue("direct", out var direct) && medians.TryGetValue("quartz", out var quartz))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"quartz / direct (warm medians): {quartz.Wall / direct.Wall:0.00} wall, {quartz.Cpu / direct.Cpu:0.00} CPU (1.00 = the scheduler costs nothing)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB"));
        if (missedRounds > 0)
        {
            Console.WriteLine($"FAILED: {missedRounds} round(s) stored fewer or more posts than the scenario makes reachable");
            return 1;
        }

        return 0;
    }

    private static async Task<(long Stored, long Expected, double Seconds)> OneRoundAsync(int posts, bool scheduled, BenchPostgres? server, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-bench-crawl-" + Guid.NewGuid().ToString("N"));
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.Generate(posts, seed: 1, spreadSeconds: 0) }, cancellationToken).ConfigureAwait(false);
        // A 1 ms interval, so every source's first run starts at once: the schedule spreads interval sources that share a
        // host (the forum's board and its keyword search, the RSS and Atom feeds) over their interval, which at the worker's
        // intervals would start the second of each pair minutes later and the round would never end. The listener below
        // pauses each source's job after its first run, so no source runs twice (the direct mode ignores the interval).
        var keys = new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromMilliseconds(1), maxPages: 10_000))
        {
            ["Storage:Database"] = Path.Combine(dir, "bench.db"),
            ["Crawler:Fetching:Politeness:Enabled"] = "false",
            ["Crawler:Collection:MaxDetailPagesPerRun"] = "100000",
            ["Crawler:Collection:RecrawlMaxPerRun"] = "0",
        };
        if (server is not null)
        {
            keys["Storage:Provider"] = StorageOptions.PostgreSql;
            keys["Storage:PostgreSql:ConnectionString"] = await server.CreateDatabaseAsync().ConfigureAwait(false);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(keys);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        if (server is null)
        {
            builder.Services.AddStorage(builder.Configuration);
        }
        else
        {
            // Only the stores the crawl uses, every one of them PostgreSQL's (the start-up check refuses any SQLite one).
            builder.Services.AddPostgreSqlStorage(builder.Configuration);
        }

        builder.Services.AddCrawler(builder.Configuration);
        if (scheduled)
        {
            builder.Services.AddQuartzHostedService();
            builder.Services.AddCrawlScheduling();
        }

        using var host = builder.Build();
        var provider = host.Services;
        provider.GetService<IStartupValidator>()?.Validate();
        var sources = provider.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
        var store = provider.GetRequiredService<IPostStore>();
        var state = provider.GetRequiredService<ISourceStateStore>();
        await store.CountPostsAsync(cancellationToken).ConfigureAwait(false); // create the schema outside the timing
        var expected = Reachable(drill.Scenario, sources);

        Stopwatch watch;
        if (scheduled)
        {
            // Every source is scheduled to run once at start. A job listener (attached before the scheduler starts)
            // says when the last run is over, so the round is timed without polling the store beside the crawl.
            var finished = new RunsFinished(sources.Count);
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken).ConfigureAwait(false);
            scheduler.ListenerManager.AddJobListener(finished, GroupMatcher<JobKey>.AnyGroup());
            watch = Stopwatch.StartNew();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            await finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            watch.Stop();
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
            foreach (var s in sources)
            {
                // The listener counts sources whose first run is over; the store must agree that each recorded exactly one.
                var recorded = (await state.GetRecentRunsAsync(s.Id, 2, cancellationToken).ConfigureAwait(false)).Count;
                if (recorded != 1)
                {
                    throw new InvalidOperationException($"source {s.Id} recorded {recorded} runs in the round instead of 1");
                }
            }
        }
        else
        {
            watch = Stopwatch.StartNew();
            var runner = provider.GetRequiredService<ISourceRunner>();
            var reports = await Task.WhenAll(sources.Select(s => runner.RunAsync(s, cancellationToken))).ConfigureAwait(false);
            watch.Stop();
            foreach (var r in reports)
            {
                var missed = r.NewPosts != expected[r.SourceId] ? " MISSED" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {r.SourceId}: {r.Status} {(r.FinishedAtUtc - r.StartedAtUtc).TotalSeconds:0.00} s, pages {r.PagesFetched}, new {r.NewPosts} of {expected[r.SourceId]} reachable{missed}"));
            }

            foreach (var r in reports.Where(r => r.Status != SourceRunStatus.Ok))
            {
                Console.WriteLine($"    {r.SourceId}: {r.Status}: {string.Join("; ", r.Failures.Take(3).Select(f => f.Reason))}");
            }
        }

        var stored = await store.CountPostsAsync(cancellationToken).ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        return (stored, expected.Values.Sum(), watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// How many posts each drill source can reach in the generated scenario: every post of its site for the board-like
    /// sources (tieba, the forum board, weibo, news with its comments); for the forum's keyword search the posts of the
    /// threads whose first post holds every term of one of its keywords (the drill's search rule); for each feed only
    /// the newest <see cref="DrillPageSizes.FeedItems"/> items, since a feed shows no more — the older feed posts are
    /// unreachable by design. A round storing anything else missed posts it could reach.
    /// </summary>
    private static Dictionary<string, long> Reachable(DrillScenario scenario, IReadOnlyList<SourceOptions> sources)
    {
        var bySite = scenario.Posts.GroupBy(p => p.Site).ToDictionary(g => g.Key, g => (long)g.Count());
        long Of(DrillSite site) => bySite.GetValueOrDefault(site);
        var keywords = sources.Single(s => s.Id == "drill-discuz-search").Keywords;
        bool Hit(ScenarioPost root) => keywords.Any(k => k.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries)
            .All(t => (root.Title ?? "").Contains(t, StringComparison.OrdinalIgnoreCase) || root.Text.Contains(t, StringComparison.OrdinalIgnoreCase)));
        var searched = scenario.Posts.LongCount(p => p.Site == DrillSite.Discuz && Hit(scenario.RootOf(p)));
        var feed = Math.Min(scenario.Posts.LongCount(p => p.Site == DrillSite.Feeds && p.Parent is null), new DrillPageSizes().FeedItems);
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["drill-tieba"] = Of(DrillSite.Tieba),
            ["drill-discuz"] = Of(DrillSite.Discuz),
            ["drill-discuz-search"] = searched,
            ["drill-weibo"] = Of(DrillSite.Weibo),
            ["drill-news"] = Of(DrillSite.News),
            ["drill-rss"] = feed,
            ["drill-atom"] = feed,
        };
    }

    /// <summary>The PostgreSQL server a round stores into: the one <c>--pg</c> names, or one started here on loopback.</summary>
    private static BenchPostgres PostgreSqlServer(string connectionString) =>
        connectionString.Length > 0 ? new BenchPostgres(connectionString, null) : new BenchPostgres(null, SentimentWatch.Testing.PostgresServer.Shared);

    /// <summary>Creates a fresh database per round, on a given server (needs CREATEDB) or on the one started here.</summary>
    private sealed class BenchPostgres(string? connectionString, SentimentWatch.Testing.PostgresServer? local)
    {
        public string Describe() => local is not null ? $"started here on 127.0.0.1:{local.Port}, fsync off" : "given by --pg";

        public async Task<string> CreateDatabaseAsync()
        {
            if (local is not null)
            {
                return await local.CreateDatabaseAsync("bench").ConfigureAwait(false);
            }

            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            var name = "sw_bench_" + Guid.NewGuid().ToString("N");
            await using (var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            builder.Database = name;
            return builder.ConnectionString;
        }
    }

    private static double Median(List<double> sorted) => (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The JIT settings in force, so a number is never read without them.</summary>
    private static string RuntimeSettings()
    {
        var tiered = AppContext.TryGetSwitch("System.Runtime.TieredCompilation", out var tc) ? tc : true;
        var pgo = AppContext.TryGetSwitch("System.Runtime.TieredPGO", out var p) ? p : true;
        var r2r = IsReadyToRun(typeof(CrawlerServiceCollectionExtensions).Assembly);
        return $"TieredCompilation={tiered} TieredPGO={pgo} crawler ReadyToRun={r2r} (env DOTNET_TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "-"}, DOTNET_TieredPGO={Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "-"}, DOTNET_ReadyToRun={Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") ?? "-"})";
    }

    /// <summary>Whether the assembly file carries precompiled (ReadyToRun) code: its CLI header names a managed native header.</summary>
    private static bool IsReadyToRun(System.Reflection.Assembly assembly)
    {
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return false;
        }

        using var stream = File.OpenRead(assembly.Location);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>
    /// Completes once each of the given number of crawl jobs has finished its first run, pausing each job as it finishes
    /// (before Quartz releases its next firing), so a source on the 1 ms interval is not run again within the round.
    /// </summary>
    private sealed class RunsFinished(int expected) : IJobListener
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<JobKey, bool> _finished = new();

        public string Name => "bench-runs-finished";

        public Task Task => _done.Task;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            await context.Scheduler.PauseJob(context.JobDetail.Key, cancellationToken).ConfigureAwait(false);
            if (_finished.TryAdd(context.JobDetail.Key, true) && _finished.Count == expected)
            {
                _done.TrySetResult();
            }
        }
    }
}
