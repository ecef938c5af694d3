using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentimentWatch.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Evidence;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.Evidence;

/// <summary>
/// Freeze latency per item against the drill sites (Tieba, Discuz GBK, news HTML pages on loopback): full packets
/// (fetch, WARC, documents, SHA-256 + SM3 manifests, CMS signature, custody), without and with Chromium screenshots.
/// Targets: p95 ≤ 1 s without screenshots, ≤ 5 s with them.
/// </summary>
public sealed class EvidenceFreezeBenchmark : IBenchmark
{
    public string Name => "evidence-freeze";

    public string Description => "freeze p50/p95 per item against the drill sites, without and with screenshots [--n N] [--shots N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var n = Arg(args, "--n", 40);
        var shots = Arg(args, "--shots", 10);
        if (n < 1)
        {
            Console.Error.WriteLine("--n must be at least 1 (the number of freezes to time without screenshots)");
            return 2;
        }
        var scenario = DrillScenario.Generate(posts: 200, seed: 1, spreadSeconds: 0);
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario }, cancellationToken);
        var urls = scenario.Posts
            .Where(p => p.Parent is null && p.Site is DrillSite.Tieba or DrillSite.Discuz or DrillSite.News)
            .Select(p => drill.UrlOf(p.Id))
            .ToList();
        var dir = Directory.CreateTempSubdirectory("sw-bench-evidence-").FullName;
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"pages: {urls.Count} drill-site thread/article URLs, round robin");
            var without = await MeasureAsync(dir, "plain", screenshots: false, urls, n, cancellationToken);
            Report("without screenshots", without, 1000);
            if (shots == 0)
            {
                Console.WriteLine("with screenshots: skipped (--shots 0)");
            }
            else if (File.Exists("/usr/bin/chromium"))
            {
                var with = await MeasureAsync(dir, "shots", screenshots: true, urls, shots, cancellationToken);
                Report("with screenshots", with, 5000);
            }
            else
            {
                Console.WriteLine("with screenshots: skipped (no /usr/bin/chromium)");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static async Task<List<double>> MeasureAsync(string root, string name, bool screenshots, List<Uri> urls, int n, CancellationToken cancellationToken)
    {
        var data = Path.Combine(root, name);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paths:Data"] = data,
            ["Storage:Database"] = Path.Combine(data, "sw.db"),
            ["Evidence:Screenshots:Enabled"] = screenshots ? "true" : "false",
            // The drill sites run on 127.0.0.1, refused by default: the benchmark allows loopback explicitly.
            ["Evidence:Outbound:AllowLoopback"] = "true",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Error))
            .AddSingleton<IConfiguration>(config)
            .AddStorage(config)
            .AddEvidence(config);
        await using var provider = services.BuildServiceProvider();
        var freezer = provider.GetRequiredService<IEvidenceFreezer>();

        // Warm-up: JIT, SQLite migration and the one-off development certificate are not per-item costs.
        var warm = await freezer.FreezeUrlAsync(urls[0], null, "bench", cancellationToken);
        if (!warm.Sound && warm.Problems.Any(p => !p.StartsWith("screenshots", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("warm-up freeze not sound: " + string.Join("; ", warm.Problems));
        }

        var times = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            var result = await freezer.FreezeUrlAsync(urls[(i + 1) % urls.Count], null, "bench", cancellationToken);
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (!result.Sound)
            {
                Console.WriteLine($"  item {i}: NOT SOUND: {string.Join("; ", result.Problems)}");
            }
        }

        return times;
    }

    private static void Report(string label, List<double> ms, double targetMs)
    {
        ms.Sort();
        double P(double q) => ms[Math.Clamp((int)Math.Ceiling(q * ms.Count) - 1, 0, ms.Count - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: n={ms.Count} p50={P(0.5):0} ms p95={P(0.95):0} ms max={ms[^1]:0} ms (target p95 <= {targetMs:0} ms: {(P(0.95) <= targetMs ? "met" : "NOT met")})"));
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
