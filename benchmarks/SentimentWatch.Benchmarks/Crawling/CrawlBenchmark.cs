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

namespace SentimentWatch.Benchmarks.Crawling;

/// <summary>
/// Fetch + parse + store throughput against the drill sites with politeness off: every source crawled once, in
/// parallel, into a fresh SQLite store. Run twice per mode — directly through the source runner, and through the Quartz
/// schedule the worker uses — so the scheduler's cost shows as the difference.
/// <c>dotnet run -c Release --project benchmarks/SentimentWatch.Benchmarks -- crawl [--posts 20000] [--rounds 3]</c>
/// </summary>
public sealed class CrawlBenchmark : IBenchmark
{
    public string Name => "crawl";

    public string Description => "posts/s and peak memory crawling the drill sites (direct vs Quartz-scheduled)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var posts = IntArg(args, "--posts", 20_000);
        var rounds = IntArg(args, "--rounds", 3);
        Console.WriteLine($"crawl benchmark: {posts} generated posts over 5 drill sites, politeness off, {rounds} rounds per mode, {Environment.ProcessorCount} cores");
        var results = new List<(string Mode, double PostsPerSecond, long Stored, double Seconds)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var scheduled in new[] { false, true })
            {
                var (stored, seconds) = await OneRoundAsync(posts, scheduled, cancellationToken).ConfigureAwait(false);
                var mode = scheduled ? "quartz" : "direct";
                results.Add((mode, stored / seconds, stored, seconds));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} {mode,-6}: {stored} posts in {seconds:0.00} s = {stored / seconds:0} posts/s"));
            }
        }

        foreach (var mode in new[] { "direct", "quartz" })
        {
            var rates = results.Where(r => r.Mode == mode).Select(r => r.PostsPerSecond).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: median {rates[rates.Count / 2]:0} posts/s (min {rates[0]:0}, max {rates[^1]:0})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB"));
        return 0;
    }

    private static async Task<(long Stored, double Seconds)> OneRoundAsync(int posts, bool scheduled, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-bench-crawl-" + Guid.NewGuid().ToString("N"));
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.Generate(posts, seed: 1, spreadSeconds: 0) }, cancellationToken).ConfigureAwait(false);
        var keys = new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromHours(1), maxPages: 10_000))
        {
            ["Storage:Database"] = Path.Combine(dir, "bench.db"),
            ["Crawler:Fetching:Politeness:Enabled"] = "false",
            ["Crawler:Collection:MaxDetailPagesPerRun"] = "100000",
            ["Crawler:Collection:RecrawlMaxPerRun"] = "0",
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(keys);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddStorage(builder.Configuration).AddCrawler(builder.Configuration);
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

        var watch = Stopwatch.StartNew();
        if (scheduled)
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);

            // Every source is scheduled to run once at start; wait until each has a run record.
            while (true)
            {
                var done = 0;
                foreach (var s in sources)
                {
                    done += (await state.GetRecentRunsAsync(s.Id, 1, cancellationToken).ConfigureAwait(false)).Count;
                }

                if (done == sources.Count)
                {
                    break;
                }

                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }

            watch.Stop();
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var runner = provider.GetRequiredService<ISourceRunner>();
            var reports = await Task.WhenAll(sources.Select(s => runner.RunAsync(s, cancellationToken))).ConfigureAwait(false);
            watch.Stop();
            foreach (var r in reports)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {r.SourceId}: {r.Status} {(r.FinishedAtUtc - r.StartedAtUtc).TotalSeconds:0.00} s, pages {r.PagesFetched}, new {r.NewPosts}"));
            }

            foreach (var r in reports.Where(r => r.Status != SourceRunStatus.Ok))
            {
                Console.WriteLine($"    {r.SourceId}: {r.Status}: {string.Join("; ", r.Failures.Take(3).Select(f => f.Reason))}");
            }
        }

        var stored = await store.CountPostsAsync(cancellationToken).ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        return (stored, watch.Elapsed.TotalSeconds);
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
