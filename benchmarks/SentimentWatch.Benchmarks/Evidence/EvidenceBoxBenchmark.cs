using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SentimentWatch.Core.Evidence;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Evidence;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.Evidence;

/// <summary>
/// Freeze time with the browser box (Chromium sandbox in a user namespace, route interception, outbound policy) against
/// a plain run (Chromium <c>--no-sandbox</c> loading the page itself, no interception), and the box without its sandbox
/// to split the two costs. The same drill-site freezes in the same run, the arms alternating (the first arm rotates per
/// round); wall time and CPU time of the whole process tree (this process plus every Chromium process, from /proc).
/// Each arm keeps one browser and opens a fresh context per freeze, as the worker does (the box makes the next one right
/// after a capture: its CPU is charged to the freeze that started it, and the next arm waits for it). Target: boxed
/// within 10 % of plain.
/// </summary>
public sealed class EvidenceBoxBenchmark : IBenchmark
{
    public string Name => "evidence-box";

    public string Description => "freeze wall/CPU time: browser box (sandbox + request policy) vs plain Chromium, alternating [--n N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var i = Array.IndexOf(args, "--n");
        var n = i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 30;
        if (!File.Exists("/usr/bin/chromium"))
        {
            Console.Error.WriteLine("needs /usr/bin/chromium (Debian package chromium)");
            return 2;
        }

        if (args.Contains("--phases"))
        {
            return await PhasesAsync(n, cancellationToken);
        }

        var scenario = DrillScenario.Generate(posts: 200, seed: 1, spreadSeconds: 0);
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario }, cancellationToken);
        var urls = scenario.Posts
            .Where(p => p.Parent is null && p.Site is DrillSite.Tieba or DrillSite.Discuz or DrillSite.News)
            .Select(p => drill.UrlOf(p.Id))
            .ToList();
        var dir = Directory.CreateTempSubdirectory("sw-bench-evidence-box-").FullName;
        var arms = new List<Arm>();
        try
        {
            arms.Add(await Arm.StartAsync("plain (no sandbox, no interception)", Path.Combine(dir, "plain"), "Off", plain: true, urls[0], cancellationToken));
            arms.Add(await Arm.StartAsync("box without sandbox", Path.Combine(dir, "nosandbox"), "Off", plain: false, urls[0], cancellationToken));
            arms.Add(await Arm.StartAsync("box (sandbox + policy)", Path.Combine(dir, "box"), "Auto", plain: false, urls[0], cancellationToken));
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, root={Environment.IsPrivilegedProcess}");
            Console.WriteLine($"{n} rounds; each round freezes the same URL once per arm, arms alternating; fresh browser context per freeze, one browser per arm");
            foreach (var arm in arms)
            {
                Console.WriteLine($"  {arm.Name}: {arm.Isolation}");
            }

            for (var round = 0; round < n; round++)
            {
                var url = urls[(round + 1) % urls.Count];
                for (var k = 0; k < arms.Count; k++)
                {
                    await arms[(round + k) % arms.Count].FreezeAsync(url, cancellationToken);
                }
            }

            var plain = arms[0];
            // Paired: each round froze the same URL in every arm, so the per-round ratio cancels the page and most of the
            // machine's load at that moment; its median and quartiles are the figures to read.
            Console.WriteLine($"{"arm",-38} {"wall p50",9} {"IQR",13} {"render p50",11} {"CPU p50",9} {"IQR",13} {"wall/plain p50 (IQR)",22} {"CPU/plain p50 (IQR)",22}");
            foreach (var arm in arms)
            {
                var wallRatio = arm.Wall.Zip(plain.Wall, (a, b) => a / b).ToList();
                var cpuRatio = arm.Cpu.Zip(plain.Cpu, (a, b) => a / Math.Max(b, 1)).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{arm.Name,-38} {Median(arm.Wall),6:0} ms {Q(arm.Wall, 0.25),5:0}-{Q(arm.Wall, 0.75),-4:0} ms {Median(arm.Render),8:0} ms {Median(arm.Cpu),6:0} ms {Q(arm.Cpu, 0.25),5:0}-{Q(arm.Cpu, 0.75),-4:0} ms {Median(wallRatio),8:0.00}x ({Q(wallRatio, 0.25):0.00}-{Q(wallRatio, 0.75):0.00}) {Median(cpuRatio),8:0.00}x ({Q(cpuRatio, 0.25):0.00}-{Q(cpuRatio, 0.75):0.00})"));
            }

            var problems = arms.Sum(a => a.NotSound);
            if (problems > 0)
            {
                Console.WriteLine($"{problems} freezes were not sound (see lines above)");
            }
        }
        finally
        {
            foreach (var arm in arms)
            {
                await arm.DisposeAsync();
            }

            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    /// <summary>
    /// Where the browser step's time goes, sandboxed (through the same user-namespace launch as the worker) or not:
    /// Chromium alone, one browser each, a fresh context per round, alternating; a small page served by interception.
    /// </summary>
    private static async Task<int> PhasesAsync(int n, CancellationToken cancellationToken)
    {
        using var playwright = await Playwright.CreateAsync();
        var wrapper = Directory.CreateTempSubdirectory("sw-bench-unshare-").FullName;
        var script = Path.Combine(wrapper, "chromium");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexec /usr/bin/unshare --user --map-user=1000 --map-group=1000 -- /usr/bin/chromium \"$@\"\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string[] args = ["--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars", "--proxy-server=socks5://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"];
        var browsers = new (string Name, IBrowser Browser)[]
        {
            ("no sandbox", await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, ChromiumSandbox = false, Args = args })),
            ("sandbox", await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Environment.IsPrivilegedProcess ? script : "/usr/bin/chromium", Headless = true, ChromiumSandbox = true, Args = args })),
        };
        var html = System.Text.Encoding.UTF8.GetBytes("<html><body><h1>法考</h1><p>" + string.Concat(Enumerable.Repeat("出售答案 ", 400)) + "</p></body></html>");
        var phases = new[] { "context", "page", "goto", "screenshots", "close" };
        var times = browsers.ToDictionary(b => b.Name, _ => phases.ToDictionary(p => p, _ => new List<double>()));
        for (var round = -1; round < n; round++)
        {
            for (var k = 0; k < browsers.Length; k++)
            {
                var (name, browser) = browsers[(round + 1 + k) % browsers.Length];
                var sw = Stopwatch.StartNew();
                var lap = new Dictionary<string, double>();
                void Lap(string phase)
                {
                    lap[phase] = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                }

                var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1366, Height = 900 } });
                await context.RouteAsync("**/*", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", BodyBytes = html }));
                Lap("context");
                var tab = await context.NewPageAsync();
                Lap("page");
                await tab.GotoAsync("http://example.cn/post/1", new() { WaitUntil = WaitUntilState.Load });
                Lap("goto");
                await tab.ScreenshotAsync(new() { Type = ScreenshotType.Png });
                await tab.ScreenshotAsync(new() { Type = ScreenshotType.Png, FullPage = true });
                Lap("screenshots");
                await context.CloseAsync();
                Lap("close");
                if (round >= 0)
                {
                    foreach (var (phase, ms) in lap)
                    {
                        times[name][phase].Add(ms);
                    }
                }
            }
        }

        Console.WriteLine($"browser phases, median (IQR) ms over {n} alternating rounds, {Environment.ProcessorCount} cores, root={Environment.IsPrivilegedProcess}");
        Console.WriteLine($"{"",-12}" + string.Concat(phases.Select(p => $"{p,22}")) + $"{"total",12}");
        foreach (var (name, _) in browsers)
        {
            var row = times[name];
            var totals = Enumerable.Range(0, n).Select(i => phases.Sum(p => row[p][i])).ToList();
            Console.WriteLine($"{name,-12}" + string.Concat(phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Median(row[p]),8:0} ({Q(row[p], 0.25),4:0}-{Q(row[p], 0.75),4:0})"))) + string.Create(CultureInfo.InvariantCulture, $"{Median(totals),12:0}"));
        }

        foreach (var (_, browser) in browsers)
        {
            await browser.CloseAsync();
        }

        Directory.Delete(wrapper, recursive: true);
        return 0;
    }

    private static double Median(List<double> xs) => Q(xs, 0.5);

    private static double Q(List<double> xs, double q)
    {
        var sorted = xs.Order().ToList();
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }

    private sealed class Arm : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly IEvidenceFreezer _freezer;
        private List<double> _renders = [];

        private Arm(string name, ServiceProvider provider)
        {
            Name = name;
            _provider = provider;
            _freezer = provider.GetRequiredService<IEvidenceFreezer>();
        }

        public string Name { get; }

        public string Isolation { get; private set; } = "";

        public List<double> Wall { get; } = [];

        public List<double> Cpu { get; } = [];

        /// <summary>Wall time of the browser step alone (the screenshotter's call), per freeze.</summary>
        public List<double> Render => _renders;

        public int NotSound { get; private set; }

        public static async Task<Arm> StartAsync(string name, string data, string sandbox, bool plain, Uri warmUrl, CancellationToken cancellationToken)
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Paths:Data"] = data,
                ["Storage:Database"] = Path.Combine(data, "sw.db"),
                ["Evidence:Screenshots:Enabled"] = "true",
                ["Evidence:Screenshots:Sandbox"] = sandbox,
                // The drill sites run on 127.0.0.1, refused by default: the benchmark allows loopback explicitly.
                ["Evidence:Outbound:AllowLoopback"] = "true",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Error))
                .AddSingleton<IConfiguration>(config);
            var renders = new List<double>();
            if (plain)
            {
                services.AddSingleton<PlainScreenshotter>();
                services.AddSingleton<IScreenshotter>(sp => new TimedScreenshotter(sp.GetRequiredService<PlainScreenshotter>(), renders));
            }
            else
            {
                services.AddSingleton<PlaywrightScreenshotter>();
                services.AddSingleton<IScreenshotter>(sp => new TimedScreenshotter(sp.GetRequiredService<PlaywrightScreenshotter>(), renders));
            }

            var arm = new Arm(name, services.AddStorage(config).AddEvidence(config).BuildServiceProvider());
            // Warm-up: JIT, SQLite migration, the development certificate and the browser launch are not per-freeze costs.
            var warm = await arm._freezer.FreezeUrlAsync(warmUrl, null, "bench", cancellationToken);
            if (!warm.Sound)
            {
                throw new InvalidOperationException($"{name}: warm-up freeze not sound: {string.Join("; ", warm.Problems)}");
            }

            renders.Clear();
            arm._renders = renders;

            var log = Path.Combine(warm.PacketPath, "capture", "browser-requests.json");
            arm.Isolation = File.Exists(log) ? System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(log, cancellationToken))?["isolation"]?.GetValue<string>() ?? "" : "plain Chromium --no-sandbox, page loads its own subresources";
            return arm;
        }

        public async Task FreezeAsync(Uri url, CancellationToken cancellationToken)
        {
            var cpu = ProcessTree.CpuMs();
            var sw = Stopwatch.StartNew();
            var result = await _freezer.FreezeUrlAsync(url, null, "bench", cancellationToken);
            Wall.Add(sw.Elapsed.TotalMilliseconds);
            // The box makes the next capture's context after this one: its CPU belongs to this arm, and the next arm
            // must not run while it is being made.
            if (_provider.GetService<PlaywrightScreenshotter>() is { } box)
            {
                await box.IdleAsync();
            }

            Cpu.Add(ProcessTree.CpuMs() - cpu);
            if (!result.Sound)
            {
                NotSound++;
                Console.WriteLine($"  {Name}: NOT SOUND: {string.Join("; ", result.Problems)}");
            }
        }

        public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
    }

    /// <summary>Times the browser step of each freeze.</summary>
    private sealed class TimedScreenshotter(IScreenshotter inner, List<double> times) : IScreenshotter
    {
        public async Task<Screenshots> CaptureAsync(RenderRequest page, CancellationToken cancellationToken)
        {
            var sw = Stopwatch.StartNew();
            var shots = await inner.CaptureAsync(page, cancellationToken);
            times.Add(sw.Elapsed.TotalMilliseconds);
            return shots;
        }
    }

    /// <summary>
    /// Today's renderer before the box, for comparison only: Chromium with <c>--no-sandbox</c> loads the live URL and its
    /// subresources itself (no route interception, no outbound policy); one browser, a fresh context per page.
    /// </summary>
    private sealed class PlainScreenshotter : IScreenshotter, IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        public async Task<Screenshots> CaptureAsync(RenderRequest page, CancellationToken cancellationToken)
        {
            var started = DateTimeOffset.UtcNow;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = "/usr/bin/chromium",
                    Headless = true,
                    ChromiumSandbox = false,
                    Args = ["--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars"],
                });
            }
            finally
            {
                _gate.Release();
            }

            var context = await _browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
            await using (context)
            {
                var tab = await context.NewPageAsync();
                await tab.GotoAsync(page.Url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                var viewport = await tab.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
                var full = await tab.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png, FullPage = true });
                var dom = await tab.ContentAsync();
                return new Screenshots(viewport, full, false, $"Chromium {_browser.Version} (plain)", null, started, DateTimeOffset.UtcNow, [], [], dom, null, "plain: --no-sandbox, no interception");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }

            _playwright?.Dispose();
        }
    }

    /// <summary>CPU time of this process and all its descendants (Chromium and its zygote/renderers), including reaped children.</summary>
    private static class ProcessTree
    {
        private static readonly double TickMs = 1000.0 / 100; // USER_HZ is 100 on Linux

        public static double CpuMs()
        {
            var self = Environment.ProcessId;
            var stats = new Dictionary<int, (int Parent, long Ticks)>();
            foreach (var d in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(d, "stat"));
                    // Fields after the parenthesised command: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
                    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
                        + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
                    stats[pid] = (int.Parse(f[1], CultureInfo.InvariantCulture), ticks);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            long total = 0;
            foreach (var (pid, (_, ticks)) in stats)
            {
                for (var p = pid; p > 1 && stats.TryGetValue(p, out var s); p = s.Parent)
                {
                    if (p == self)
                    {
                        total += ticks;
                        break;
                    }
                }
            }

            return total * TickMs;
        }
    }
}
