using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Fetching.Browser;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.Crawling;

/// <summary>
/// Browser sources: pages rendered per second, CPU per page (this process and its Chromium together), and memory per
/// open page, rendering the drill's browser-only board (a script shell, two JSON answers, one "加载更多" click) with
/// politeness off. Pages run through the crawler's renderer exactly as a crawl does.
/// <c>dotnet run -c Release --project benchmarks/SentimentWatch.Benchmarks -- browser-render [--pages 40] [--open 1,2]</c>
/// Memory per open page: the proportional set size (PSS, shared pages split between processes) of every process this
/// one started (the Playwright driver and Chromium), sampled every 20 ms while k pages render at once, peak minus the
/// idle browser, divided by k.
/// </summary>
public sealed class BrowserRenderBenchmark : IBenchmark
{
    public string Name => "browser-render";

    public string Description => "browser sources: pages rendered/s, CPU per page, memory per open page (Chromium)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var pages = BenchmarkArgs.Int(args, "--pages", 40);
        var opens = (BenchmarkArgs.String(args, "--open") ?? "1,2").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        if (!File.Exists("/usr/bin/chromium"))
        {
            Console.Error.WriteLine("needs /usr/bin/chromium");
            return 2;
        }

        Console.WriteLine($"browser-render benchmark: {pages} renders of the drill's browser-only board per setting, {Environment.ProcessorCount} cores");
        foreach (var open in opens)
        {
            await OneSettingAsync(pages, open, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task OneSettingAsync(int pages, int open, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-bench-browser-" + Guid.NewGuid().ToString("N"));
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.DemoWithBoards(), Start = DateTimeOffset.UtcNow.AddMinutes(-15) }, cancellationToken).ConfigureAwait(false);
        var boards = DrillSourceConfig.Boards(drill, TimeSpan.FromHours(1));
        var appPrefix = boards.Single(kv => kv.Value == "drill-tieba-app").Key[..^"Id".Length];
        var keys = new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromHours(1)).Concat(boards))
        {
            ["Storage:Database"] = Path.Combine(dir, "bench.db"),
            ["Crawler:Fetching:Politeness:Enabled"] = "false",
            ["Crawler:Browser:MaxOpenPages"] = open.ToString(CultureInfo.InvariantCulture),
            // The machine is shared: generous timeouts so a busy moment is measured as slow, not as a failed page.
            ["Crawler:Browser:SettleTimeout"] = "00:01:00",
            ["Crawler:Browser:StepTimeout"] = "00:00:30",
        };
        // One source renders one page at a time: k sources (the same board under their own ids) keep k pages open at once.
        for (var i = 0; i < open; i++)
        {
            foreach (var (k, v) in boards.Where(kv => kv.Key.StartsWith(appPrefix, StringComparison.Ordinal)))
            {
                keys[$"Crawler:Sources:{100 + i}:{k[appPrefix.Length..]}"] = k.EndsWith(":Id", StringComparison.Ordinal) ? $"bench-app-{i}" : v;
            }
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(keys);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddStorage(builder.Configuration).AddCrawler(builder.Configuration);
        using var host = builder.Build();
        var configured = host.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
        var app = configured.Single(s => s.Id == "drill-tieba-app");
        var renderer = host.Services.GetRequiredService<IPageRenderer>();
        var sources = configured.Where(s => s.Id.StartsWith("bench-app-", StringComparison.Ordinal)).ToList();
        var url = new Uri(app.Urls[0]);

        // Warm-up: starts the browser and the JIT; its memory is the idle baseline once the page is closed.
        Check(await renderer.RenderAsync(sources[0], new FetchRequest(url, sources[0].Id), cancellationToken).ConfigureAwait(false));
        var idle = ChildPssKb();
        var cpuBefore = CpuSeconds();
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ChildPssKb());
                try
                {
                    await Task.Delay(20, sampling.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(sources.Select(async s =>
        {
            for (var i = 0; i < pages / open; i++)
            {
                Check(await renderer.RenderAsync(s, new FetchRequest(url, s.Id), cancellationToken).ConfigureAwait(false));
            }
        })).ConfigureAwait(false);
        watch.Stop();
        var cpu = CpuSeconds() - cpuBefore;
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var rendered = pages / open * open;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {open} page(s) open at once: {rendered} pages in {watch.Elapsed.TotalSeconds:0.00} s = {rendered / watch.Elapsed.TotalSeconds:0.0} pages/s; "
            + $"CPU {cpu:0.00} s (this process + Playwright driver + Chromium) = {cpu / rendered * 1000:0} ms/page; "
            + $"memory: idle browser {idle / 1024.0:0} MB PSS, peak {peak / 1024.0:0} MB, {(peak - idle) / 1024.0 / open:0} MB per open page; open pages after: {renderer.OpenPages}"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await ((IAsyncDisposable)renderer).DisposeAsync().ConfigureAwait(false);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Check(FetchResult r)
    {
        if (r.Outcome != FetchOutcome.Ok || r.Captured is not { Count: 2 })
        {
            throw new InvalidOperationException($"render failed: {r.Outcome} {r.Failure?.Reason} captured {r.Captured?.Count}");
        }
    }

    /// <summary>CPU seconds of this process and every process it started that is still running (Playwright driver, Chromium).</summary>
    private static double CpuSeconds()
    {
        var self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var hz = 100.0; // USER_HZ on Linux
        return self + Descendants().Sum(pid =>
        {
            var stat = Stat(pid);
            // utime + stime, and cutime + cstime: Chromium's per-page renderer processes end with their page and are reaped by the browser.
            return stat is null ? 0 : stat[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / hz;
        });
    }

    /// <summary>Sum of PSS (kB) over every process this one started.</summary>
    private static long ChildPssKb() => Descendants().Sum(pid =>
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    });

    private static List<int> Descendants()
    {
        var parents = new Dictionary<int, int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = int.Parse(stat[1], CultureInfo.InvariantCulture);
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([Environment.ProcessId]);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent == p)
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>/proc/PID/stat fields after the command name: [0]=state, [1]=ppid, …, [11]=utime, [12]=stime, [13]=cutime, [14]=cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
