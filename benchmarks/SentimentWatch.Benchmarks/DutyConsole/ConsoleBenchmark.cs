using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SentimentWatch.Benchmarks.Search;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.DutyConsole;

/// <summary>
/// The duty console on a big store, served by a real <c>./sw run</c> process (no sources configured, its workers idle at
/// the seeded checkpoints): server time (<c>Server-Timing</c>) and the process's CPU time per request of the queue, the
/// incident page and search; alert raised → visible in an open queue; a scripted commentator (Playwright, Debian
/// Chromium) working through the open alerts by keyboard; the process's memory with N open queue sessions.
/// Args: [--db PATH] (seeded with <see cref="StoreSeeder"/> when missing; default /tmp/sw-console-1m.db) [--posts N]
/// [--rounds R (200)] [--triage A (100)] [--sessions S (20)] [--seed-only] (make the store and stop).
/// </summary>
internal sealed class ConsoleBenchmark : IBenchmark
{
    internal const string Chromium = "/usr/bin/chromium";
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public string Name => "console";

    public string Description => "console: queue/incident/search server time p95, alert→visible, scripted triage, memory with N sessions (1M-post store)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var dbPath = Path.GetFullPath(Arg("--db", "/tmp/sw-console-1m.db"));
        var posts = int.Parse(Arg("--posts", "1000000"), Ci);
        var rounds = int.Parse(Arg("--rounds", "200"), Ci);
        var triage = int.Parse(Arg("--triage", "100"), Ci);
        var sessions = int.Parse(Arg("--sessions", "20"), Ci);
        Console.WriteLine($"console benchmark: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");

        await using var store = await StoreSeeder.OpenAsync(dbPath, File.Exists(dbPath) ? null : posts, cancellationToken).ConfigureAwait(false);
        if (args.Contains("--seed-only"))
        {
            return 0;
        }

        var (configDir, address) = await WriteConfigAsync(dbPath).ConfigureAwait(false);
        var password = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var user = "bench" + Guid.NewGuid().ToString("N")[..6];
        await SwAsync(configDir, password, "users", "add", user, "--role", "研判员", "--password-stdin").ConfigureAwait(false);

        using var sw = StartSw(configDir, out var output);
        try
        {
            var started = Stopwatch.StartNew();
            await WaitForAsync(address, sw, output, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(Ci, $"sw run (pid {sw.Id}) serving {address} after {started.Elapsed.TotalSeconds:0.0} s; RSS {Rss(sw.Id).Rss / 1024} MB"));

            using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] }).ConfigureAwait(false);
            var page = await SignInAsync(browser, address, user, password).ConfigureAwait(false);

            await ServerTimesAsync(page, sw.Id, store, rounds, cancellationToken).ConfigureAwait(false);
            await AlertToVisibleAsync(page, store, cancellationToken).ConfigureAwait(false);
            await TriageAsync(page, triage).ConfigureAwait(false);
            await SessionsMemoryAsync(browser, address, user, password, sessions, sw.Id).ConfigureAwait(false);
        }
        finally
        {
            sw.Kill(entireProcessTree: true);
            await sw.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Server-Timing and CPU per request for the queue, random incident pages and searches, after one warm-up request each.</summary>
    private static async Task ServerTimesAsync(IPage page, int pid, ServiceProvider store, int rounds, CancellationToken ct)
    {
        var rng = new Random(7);
        var incidents = await ScalarAsync(store, "SELECT MAX(id) FROM incidents", ct).ConfigureAwait(false);
        var cold = await page.APIRequest.GetAsync("/").ConfigureAwait(false);
        Console.WriteLine(string.Create(Ci, $"queue, first request after start (the snapshot of the newest alerts is built): server {Timing(cold):0.0} ms"));
        string[] words = ["答案", "法考 答案", "泄露", "押题 资料", "成绩 修改", "出售 答案 微信", "借名买房", "作弊"];
        // Each filter the search page has, with the same words: authors and contacts drawn from the store, days from
        // its 30 days of posts (Beijing dates, as the page's date inputs send them).
        var authors = await ColumnAsync(store, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT author_name FROM posts WHERE id IN (SELECT abs(random()) % (SELECT MAX(id) FROM posts) + 1 FROM n)", ct).ConfigureAwait(false);
        var contacts = await ColumnAsync(store, "SELECT raw FROM search_contacts ORDER BY random() LIMIT 100", ct).ConfigureAwait(false);
        var days = await ColumnAsync(store, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT DISTINCT date(at, '+8 hours') FROM search_docs WHERE post_id IN (SELECT abs(random()) % (SELECT MAX(id) FROM posts) + 1 FROM n)", ct).ConfigureAwait(false);
        string Q(int i) => "&q=" + Uri.EscapeDataString(words[i % words.Length]);
        string Pick(List<string> list, int i) => Uri.EscapeDataString(list[i % list.Count]);
        var series = new (string Name, Func<int, string> Url)[]
        {
            ("queue page /", _ => "/"),
            ("queue rows (live refresh)", _ => "/?handler=Rows"),
            ("queue stamp (1 s poll)", _ => "/?handler=Stamp"),
            ("queue filtered (level III, 考试实施)", _ => "/?level=III&stage=" + Uri.EscapeDataString("考试实施")),
            ("incident page (random of 20,000)", _ => "/incident/" + rng.NextInt64(1, incidents + 1).ToString(Ci)),
            ("search page (8 queries)", i => "/search?q=" + Uri.EscapeDataString(words[i % words.Length])),
            ("search + platform weibo", i => "/search?platform=weibo" + Q(i)),
            ("search + label leak", i => "/search?label=leak" + Q(i)),
            ("search + label score_scam (rare)", i => "/search?label=score_scam" + Q(i)),
            ("search + level ≥ III", i => "/search?level=III" + Q(i)),
            ("search + author (random)", i => "/search?author=" + Pick(authors, i) + Q(i)),
            ("search + contact (random)", i => "/search?contact=" + Pick(contacts, i) + Q(i)),
            ("search contact only (actor view)", i => "/search?contact=" + Pick(contacts, i)),
            ("search + one day (random)", i => "/search?from=" + days[i % days.Count] + "&to=" + days[i % days.Count] + Q(i)),
            ("search + 7 days", i => "/search?from=" + days[i % days.Count] + "&to=" + DateOnly.Parse(days[i % days.Count], Ci).AddDays(6).ToString("yyyy-MM-dd", Ci) + Q(i)),
            ("search + platform, label, level, 7 days", i => "/search?platform=weibo&label=leak&level=I&from=" + days[i % days.Count] + "&to=" +
                DateOnly.Parse(days[i % days.Count], Ci).AddDays(6).ToString("yyyy-MM-dd", Ci) + Q(i)),
        };
        Console.WriteLine($"{"request",-38} {"n",5} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"CPU ms/req",11}");
        foreach (var (name, url) in series)
        {
            await page.APIRequest.GetAsync(url(0)).ConfigureAwait(false);
            var times = new List<double>();
            var cpu = Cpu(pid);
            for (var i = 0; i < rounds; i++)
            {
                var response = await page.APIRequest.GetAsync(url(i)).ConfigureAwait(false);
                if (response.Status != 200)
                {
                    throw new InvalidOperationException($"{url(i)} answered {response.Status}");
                }

                times.Add(Timing(response));
            }

            var cpuPer = (Cpu(pid) - cpu).TotalMilliseconds / rounds;
            Console.WriteLine(string.Create(Ci, $"{name,-38} {rounds,5} {SearchBenchmark.Percentile(times, 0.5),8:0.0} {SearchBenchmark.Percentile(times, 0.95),8:0.0} {times.Max(),8:0.0} {cpuPer,11:0.0}"));
        }
    }

    /// <summary>An alert written to the store (as the alerting stage writes it) while a queue is open; time until its row shows, five times.</summary>
    private static async Task AlertToVisibleAsync(IPage page, ServiceProvider store, CancellationToken ct)
    {
        await page.GotoAsync("/").ConfigureAwait(false);
        var incidents = store.GetRequiredService<IIncidentStore>();
        var alerts = store.GetRequiredService<IAlertStore>();
        var existing = (await incidents.GetAsync(await ScalarAsync(store, "SELECT MAX(id) FROM incidents", ct).ConfigureAwait(false), ct).ConfigureAwait(false))!;
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var reasons = new[] { new LevelReason("content_floor:leak", IncidentLevel.I, "内容底线 leak") };
            var (alert, _) = await alerts.RaiseAsync(new AlertRecord(0, $"bench:{Guid.NewGuid():N}", "incident", existing.Id, IncidentLevel.I, "基准新告警 " + i, "摘要", reasons, now, "open", null, null, null),
                [], [], ct).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await page.Locator($"li.row[data-id='{alert.Id}']").WaitForAsync(new() { Timeout = 30_000 }).ConfigureAwait(false);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(Ci, $"alert raised → visible in the open queue (no reload): {string.Join(", ", times.Select(t => t.ToString("0", Ci)))} ms (target ≤ 2,000)"));
    }

    /// <summary>The scripted commentator: j to select, then c (harmful label) or f for each of the first <paramref name="count"/> open alerts.</summary>
    private static async Task TriageAsync(IPage page, int count)
    {
        await page.GotoAsync("/").ConfigureAwait(false);
        await page.Keyboard.PressAsync("j").ConfigureAwait(false);
        var keys = 1;
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < count; done++)
        {
            var selected = page.Locator("#queue > li.row.sel");
            try
            {
                await selected.WaitForAsync(new() { Timeout = 120_000 }).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                var shot = Path.Combine(Path.GetTempPath(), "sw-console-bench-triage.png");
                await page.ScreenshotAsync(new() { Path = shot }).ConfigureAwait(false);
                throw new InvalidOperationException($"no selected row after {done} alerts at {page.Url} (screenshot {shot})");
            }

            var label = await selected.Locator(".label").CountAsync().ConfigureAwait(false) > 0 ? await selected.Locator(".label").InnerTextAsync().ConfigureAwait(false) : string.Empty;
            await page.EvaluateAsync("() => { window.swMark = 1; }").ConfigureAwait(false);
            await page.Keyboard.PressAsync(label.StartsWith("正常", StringComparison.Ordinal) || label.StartsWith("投诉", StringComparison.Ordinal) ? "f" : "c").ConfigureAwait(false);
            await page.WaitForFunctionAsync("() => window.swMark === undefined && document.querySelector('#queue > li.row.sel, p.empty') !== null").ConfigureAwait(false);
            keys++;
        }

        clock.Stop();
        Console.WriteLine(string.Create(Ci,
            $"scripted commentator: {count} alerts in {clock.Elapsed.TotalSeconds:0.0} s = {clock.Elapsed.TotalMilliseconds / count:0} ms and {(double)keys / count:0.00} keystrokes per alert (each keystroke: POST, redirect, fresh queue page)"));
    }

    /// <summary>N signed-in sessions each with the queue open (its script polls every second); RSS and CPU of sw over 30 s.</summary>
    private static async Task SessionsMemoryAsync(IBrowser browser, Uri address, string user, string password, int count, int pid)
    {
        var before = Rss(pid);
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            pages.Add(await SignInAsync(browser, address, user, password).ConfigureAwait(false));
        }

        var cpu = Cpu(pid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var cpuShare = (Cpu(pid) - cpu).TotalMilliseconds / clock.Elapsed.TotalMilliseconds;
        var after = Rss(pid);
        Console.WriteLine(string.Create(Ci,
            $"sw run with {count} open queue sessions polling: RSS {after.Rss / 1024} MB (before the sessions {before.Rss / 1024} MB, peak {after.Hwm / 1024} MB), CPU {cpuShare * 100:0.0} % of one core over 30 s"));
        foreach (var p in pages)
        {
            await p.Context.CloseAsync().ConfigureAwait(false);
        }
    }

    internal static async Task<IPage> SignInAsync(IBrowser browser, Uri address, string user, string password)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = address.AbsoluteUri }).ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        // The first queue page after start reads the whole queue of the 1M store while the worker's other stages load:
        // at load average 60–80 that took longer than Playwright's default 30 s.
        page.SetDefaultTimeout(180_000);
        page.SetDefaultNavigationTimeout(180_000);
        await page.GotoAsync("/login").ConfigureAwait(false);
        await page.FillAsync("input[name=name]", user).ConfigureAwait(false);
        await page.FillAsync("input[name=password]", password).ConfigureAwait(false);
        await page.ClickAsync("button[type=submit]").ConfigureAwait(false);
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal), new() { Timeout = 120_000 }).ConfigureAwait(false);
        return page;
    }

    private static double Timing(IAPIResponse response) =>
        response.Headers.TryGetValue("server-timing", out var v) && v.StartsWith("app;dur=", StringComparison.Ordinal) ? double.Parse(v["app;dur=".Length..], Ci) : double.NaN;

    /// <summary>User + system CPU time of a process (/proc/PID/stat, clock ticks of 10 ms).</summary>
    private static TimeSpan Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11], Ci) + long.Parse(fields[12], Ci)) * 10);
    }

    /// <summary>Resident set and its peak (kB) from /proc/PID/status.</summary>
    private static (long Rss, long Hwm) Rss(int pid)
    {
        long Read(string key) => long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], Ci);
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    private static async Task<List<string>> ColumnAsync(ServiceProvider store, string sql, CancellationToken ct)
    {
        await using var connection = await store.GetRequiredService<SqliteDatabase>().OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<string>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(r.GetString(0));
        }

        return list.Count > 0 ? list : throw new InvalidOperationException("the store has nothing for: " + sql);
    }

    private static async Task<long> ScalarAsync(ServiceProvider store, string sql, CancellationToken ct)
    {
        await using var connection = await store.GetRequiredService<SqliteDatabase>().OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), Ci);
    }

    /// <summary>A config directory for sw: the shipped settings without sources, the seeded store, the console on a free loopback port.</summary>
    private static async Task<(string Dir, Uri Address)> WriteConfigAsync(string dbPath)
    {
        var dir = Directory.CreateTempSubdirectory("sw-console-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "conf.d"));
        File.Copy(Path.Combine("config", "sentimentwatch.json"), Path.Combine(dir, "sentimentwatch.json"));
        foreach (var f in new[] { "10-calendar.json", "30-alerting.json" })
        {
            File.Copy(Path.Combine("config", "conf.d", f), Path.Combine(dir, "conf.d", f));
        }

        Uri address;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        }

        var settings = new Dictionary<string, object>
        {
            ["Paths"] = new Dictionary<string, string> { ["Data"] = Path.GetDirectoryName(dbPath)!, ["Models"] = Path.GetFullPath("models") },
            ["Storage"] = new Dictionary<string, string> { ["Database"] = dbPath },
            ["Console"] = new Dictionary<string, string> { ["Listen"] = address.AbsoluteUri.TrimEnd('/') },
            ["Alerting"] = new Dictionary<string, object> { ["Ack"] = new Dictionary<string, bool> { ["Serve"] = false } },
        };
        await File.WriteAllTextAsync(Path.Combine(dir, "conf.d", "99-bench.json"), JsonSerializer.Serialize(settings)).ConfigureAwait(false);
        return (dir, address);
    }

    /// <summary>Starts <c>./sw ARGS</c> (the launcher execs the host, so the process is sw itself), collecting its output.</summary>
    internal static Process StartSw(string configDir, out System.Text.StringBuilder output) => StartSw(["run", "--config", configDir], out output);

    internal static Process StartSw(string[] args, out System.Text.StringBuilder output)
    {
        var info = new ProcessStartInfo(Path.GetFullPath("sw")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var p = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        p.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        output = log;
        return p;
    }

    private static async Task SwAsync(string configDir, string stdin, params string[] args)
    {
        var info = new ProcessStartInfo(Path.GetFullPath("sw")) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args.Concat(["--config", configDir]))
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        await p.StandardInput.WriteLineAsync(stdin).ConfigureAwait(false);
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sw {string.Join(' ', args)} failed: {await err.ConfigureAwait(false)}");
        }
    }

    private static async Task WaitForAsync(Uri address, Process sw, System.Text.StringBuilder output, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 600; i++)
        {
            if (sw.HasExited)
            {
                throw new InvalidOperationException("sw run exited: " + output);
            }

            try
            {
                using var r = await http.GetAsync("/login", ct).ConfigureAwait(false);
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        throw new TimeoutException("the console did not answer within 5 minutes");
    }
}
