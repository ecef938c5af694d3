using System.Diagnostics;
using System.Globalization;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Benchmarks.Drill;

/// <summary>
/// How fast the drill server serves list pages of generated load, so crawl benchmarks know the server is not
/// their bottleneck. Args: [posts=20000] [seconds=10] [concurrency=4] [warmup-seconds=10].
/// The warm-up is not counted: until the JIT has tiered the renderers up, a page costs several times its steady-state price.
/// </summary>
public sealed class DrillServeBenchmark : IBenchmark
{
    public string Name => "drill-serve";

    public string Description => "drill server: list pages/s and posts/s served from generated load";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var posts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var warmup = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        var scenario = DrillScenario.Generate(posts, seed: 1);
        await using var server = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario, RequestHistory = 0 }, cancellationToken).ConfigureAwait(false);
        var roots = scenario.Posts.Where(p => p.Parent is null).GroupBy(p => p.Site).ToDictionary(g => g.Key, g => g.Count());
        var sizes = new DrillPageSizes();

        // One list page per site kind, cycled; each yields a known number of posts.
        var targets = new List<(Uri Url, int Posts)>();
        for (var page = 0; page < 20; page++)
        {
            targets.Add((new Uri(server.BaseUri(DrillSite.Tieba), $"f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn={page * sizes.TiebaThreads}"), sizes.TiebaThreads));
            targets.Add((new Uri(server.BaseUri(DrillSite.Discuz), $"forum.php?mod=forumdisplay&fid=2&page={page + 1}"), sizes.DiscuzThreads));
            targets.Add((new Uri(server.BaseUri(DrillSite.Weibo), $"api/container/getIndex?containerid=102803&page={page + 1}"), sizes.WeiboCards));
            targets.Add((new Uri(server.BaseUri(DrillSite.News), $"news/?page={page + 1}"), sizes.NewsArticles));
        }

        targets.Add((new Uri(server.BaseUri(DrillSite.Feeds), "rss.xml"), sizes.FeedItems));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        long pages = 0, served = 0, bytes = 0;
        async Task LoadAsync(TimeSpan duration, bool count)
        {
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, concurrency).Select(async w =>
            {
                var i = w;
                while (clock.Elapsed < duration)
                {
                    var (url, n) = targets[i++ % targets.Count];
                    var body = await http.GetByteArrayAsync(url, cancellationToken).ConfigureAwait(false);
                    if (count)
                    {
                        Interlocked.Increment(ref pages);
                        Interlocked.Add(ref served, n);
                        Interlocked.Add(ref bytes, body.Length);
                    }
                }
            }).ToList();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        await LoadAsync(TimeSpan.FromSeconds(warmup), count: false).ConfigureAwait(false);
        var sw = Stopwatch.StartNew();
        await LoadAsync(TimeSpan.FromSeconds(seconds), count: true).ConfigureAwait(false);
        sw.Stop();
        var s = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"drill-serve: {posts} generated posts ({string.Join(", ", roots.Select(kv => $"{kv.Key} {kv.Value} roots"))}), {concurrency} connections, {s:0.0} s measured after {warmup:0} s warm-up"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {pages / s:0} pages/s, {served / s:0} list items/s, {bytes / s / 1024 / 1024:0.0} MiB/s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB"));
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return 0;
    }
}
