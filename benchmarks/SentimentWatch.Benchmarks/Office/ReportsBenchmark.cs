using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Storage;
using SentimentWatch.Office;
using SentimentWatch.Office.Reports;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.Office;

/// <summary>
/// Report generation at scale (issue 17): seeds one Beijing day with N posts (5 platforms, 10 sources, every post
/// classified, 6 % flagged) and M incidents (posts spread over platforms, one alert each, ~3 source runs an hour per
/// source), then times (a) the 快报 of the largest incident — draft from the store, store as version 1, DOCX and PDF —
/// R times (p50/p95 wall, CPU per report), and (b) the 日报 of that day with DOCX and PDF (wall and CPU).
/// The seeding is setup, written with plain SQL in big transactions and not timed.
/// Args: [posts=100000] [incidents=500] [rounds=20]; or <c>--db PATH</c>: no seeding, times 日报 (the store's last
/// Beijing day), 周报 (its last 7 days) and 考试期间专报 (its last 5 days) on an existing store — e.g. the console
/// benchmark's 1M-post store (docs/console.md) — and a 快报 of its largest incident of that week.
/// </summary>
internal sealed class ReportsBenchmark : IBenchmark
{
    private static readonly string[] Platforms = ["tieba", "weibo", "discuz", "news", "rss"];
    private static readonly string[] Labels = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint"];

    public string Name => "reports";

    public string Description => "reports: 快报 DOCX+PDF p95, 日报 of a day with N posts and M incidents (wall and CPU)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args is ["--db", var existing, ..])
        {
            return await OnStoreAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        var ci = CultureInfo.InvariantCulture;
        var posts = args.Length > 0 ? int.Parse(args[0], ci) : 100_000;
        var incidents = args.Length > 1 ? int.Parse(args[1], ci) : 500;
        var rounds = args.Length > 2 ? int.Parse(args[2], ci) : 20;
        var dir = Directory.CreateTempSubdirectory("sw-bench-reports-").FullName;
        var dbPath = Path.Combine(dir, "reports.db");
        await using var provider = Compose(dir, dbPath);
        var day = new DateTimeOffset(2026, 9, 11, 16, 0, 0, TimeSpan.Zero); // 2026-09-12 00:00 Beijing
        Console.WriteLine($"reports benchmark: {Environment.ProcessorCount} cores, {posts:N0} posts, {incidents} incidents, store {dbPath}");

        var seed = Stopwatch.StartNew();
        var largest = await SeedAsync(provider, day, posts, incidents, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:0.0} s (not timed below)");

        var service = provider.GetRequiredService<ReportService>();
        // Warm-up: font load, JIT of the writers, SQLite caches — the console and `sw run` pay this once per process.
        var warm = CpuWatch.Start();
        var (_, warmDoc) = await service.GenerateAsync(ReportKinds.Flash, largest, null, null, "bench", cancellationToken).ConfigureAwait(false);
        _ = service.Docx(warmDoc);
        _ = service.Pdf(warmDoc);
        Console.WriteLine($"first 快报 in the process (font load, JIT): {warm.Wall.TotalMilliseconds:0} ms wall, {warm.Cpu.TotalMilliseconds:0} ms CPU");

        var walls = new List<double>();
        var cpu = TimeSpan.Zero;
        var sizes = (Docx: 0, Pdf: 0);
        for (var i = 0; i < rounds; i++)
        {
            var watch = CpuWatch.Start();
            var (_, doc) = await service.GenerateAsync(ReportKinds.Flash, largest, null, null, "bench", cancellationToken).ConfigureAwait(false);
            sizes = (service.Docx(doc).Length, service.Pdf(doc).Length);
            walls.Add(watch.Wall.TotalMilliseconds);
            cpu += watch.Cpu;
        }

        walls.Sort();
        Console.WriteLine($"快报 (incident {largest}) DOCX+PDF × {rounds}: p50 {walls[walls.Count / 2]:0} ms, p95 {walls[(int)Math.Ceiling(walls.Count * 0.95) - 1]:0} ms, max {walls[^1]:0} ms; CPU {cpu.TotalMilliseconds / rounds:0} ms per report; DOCX {sizes.Docx / 1024} KiB, PDF {sizes.Pdf / 1024} KiB");

        var daily = CpuWatch.Start();
        var (record, dailyDoc) = await service.GenerateAsync(ReportKinds.Daily, null, day, day.AddDays(1), "bench", cancellationToken).ConfigureAwait(false);
        var drafted = daily.Wall;
        var docx = service.Docx(dailyDoc);
        var pdf = service.Pdf(dailyDoc);
        Console.WriteLine($"日报 ({posts:N0} posts, {incidents} incidents): {daily.Wall.TotalSeconds:0.00} s wall (drafted and stored in {drafted.TotalSeconds:0.00} s), {daily.Cpu.TotalSeconds:0.00} s CPU; {dailyDoc.Facts.Count} facts, {dailyDoc.Sources().Count} sources; DOCX {docx.Length / 1024} KiB, PDF {pdf.Length / 1024} KiB (report {record.Id})");
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB; load average {LoadAverage()}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static ServiceProvider Compose(string dir, string dbPath)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paths:Data"] = dir,
            ["Storage:Database"] = dbPath,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        return services.AddStorage(config).AddOffice().BuildServiceProvider();
    }

    /// <summary>Period reports (and one 快报) on an existing store; the store gains the reports it stores.</summary>
    private static async Task<int> OnStoreAsync(string dbPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(dbPath))
        {
            Console.Error.WriteLine($"no store at {dbPath} (seed one with: -- console --db {dbPath} --seed-only)");
            return 2;
        }

        var dir = Directory.CreateTempSubdirectory("sw-bench-reports-").FullName;
        await using var provider = Compose(dir, Path.GetFullPath(dbPath));
        var open = CpuWatch.Start();
        var last = (await provider.GetRequiredService<IReportQueries>().IncidentsActiveAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), cancellationToken).ConfigureAwait(false))
            .Max(i => i.LastSeenUtc);
        Console.WriteLine($"reports benchmark on {dbPath}: {Environment.ProcessorCount} cores; opened (migrations included) in {open.Wall.TotalSeconds:0.0} s; last incident activity {last:u}; load average {LoadAverage()}");
        var end = new DateTimeOffset(last.UtcDateTime.Date, TimeSpan.Zero).AddHours(16); // the next Beijing midnight at or before
        end = end > last ? end : end.AddDays(1);
        var service = provider.GetRequiredService<ReportService>();
        foreach (var (kind, days) in new[] { (ReportKinds.Daily, 1), (ReportKinds.Weekly, 7), (ReportKinds.Sitting, 5) })
        {
            var watch = CpuWatch.Start();
            var (record, doc) = await service.GenerateAsync(kind, null, end.AddDays(-days), end, "bench", cancellationToken).ConfigureAwait(false);
            var drafted = watch.Wall;
            var docx = service.Docx(doc);
            var pdf = service.Pdf(doc);
            Console.WriteLine($"{Words.Kind(kind)} ({days} day(s) to {end:u}): {watch.Wall.TotalSeconds:0.00} s wall (drafted and stored in {drafted.TotalSeconds:0.00} s), {watch.Cpu.TotalSeconds:0.00} s CPU; {doc.Facts.Count} facts, {doc.Sources().Count} sources; DOCX {docx.Length / 1024} KiB, PDF {pdf.Length / 1024} KiB (report {record.Id}); load average {LoadAverage()}");
        }

        var week = await provider.GetRequiredService<IReportQueries>().IncidentsActiveAsync(end.AddDays(-7), end, cancellationToken).ConfigureAwait(false);
        if (week.MaxBy(i => i.PostCount) is { } largest)
        {
            var watch = CpuWatch.Start();
            var (_, doc) = await service.GenerateAsync(ReportKinds.Flash, largest.Id, null, null, "bench", cancellationToken).ConfigureAwait(false);
            _ = service.Docx(doc);
            _ = service.Pdf(doc);
            Console.WriteLine($"快报 of incident {largest.Id} ({largest.PostCount} posts): {watch.Wall.TotalMilliseconds:0} ms wall, {watch.Cpu.TotalMilliseconds:0} ms CPU");
        }

        // The automatic 快报: confirm (acknowledge) a Ⅰ–Ⅲ incident of that week, then time the drafter from the
        // confirmation to the stored draft, as the worker runs it when the store signals.
        if (week.Where(i => i.Level is IncidentLevel.I or IncidentLevel.II or IncidentLevel.III).MaxBy(i => i.PostCount) is { } confirm)
        {
            var auto = provider.GetRequiredService<AutoReporter>();
            _ = await auto.RunOnceAsync(cancellationToken).ConfigureAwait(false); // sets the checkpoint at the store's present
            var watch = CpuWatch.Start();
            await provider.GetRequiredService<IIncidentActionStore>().RecordAsync(confirm.Id, IncidentActionKinds.Acknowledge, "bench", "签收 via bench", null, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            var drafted = await auto.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"automatic 快报 of incident {confirm.Id} ({confirm.Level}, {confirm.PostCount} posts): ready {drafted.Select(d => d.ReadyAfter.TotalMilliseconds).DefaultIfEmpty(double.NaN).Max():0} ms after the confirmation ({watch.Wall.TotalMilliseconds:0} ms wall, {watch.Cpu.TotalMilliseconds:0} ms CPU); {drafted.Count} draft(s)");
        }

        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB; load average {LoadAverage()}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    /// <summary>Seeds the store; returns the id of the largest incident.</summary>
    private static async Task<long> SeedAsync(IServiceProvider provider, DateTimeOffset day, int posts, int incidents, CancellationToken cancellationToken)
    {
        var ci = CultureInfo.InvariantCulture;
        var random = new Random(17);
        var database = provider.GetRequiredService<SqliteDatabase>();
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var tx = connection.BeginTransaction();
            await using var post = connection.CreateCommand();
            post.Transaction = tx;
            post.CommandText = "INSERT INTO posts (id, source_id, platform, platform_post_id, url, text, published_at, first_seen_at, last_seen_at, content_hash, version) VALUES ($id, $s, $p, $pid, $u, $t, $at, $at, $at, $h, 1)";
            await using var label = connection.CreateCommand();
            label.Transaction = tx;
            label.CommandText = "INSERT INTO classifications (post_id, post_version, at_utc, label, confidence, scores_json, contacts_json, reasons_json, model_version) VALUES ($id, 1, $at, $l, 0.9, '{}', '[]', '[]', 'bench')";
            for (var i = 1; i <= posts; i++)
            {
                var platform = Platforms[i % Platforms.Length];
                var at = Time(day.AddSeconds(random.NextDouble() * 86_399));
                post.Parameters.Clear();
                post.Parameters.AddWithValue("$id", i);
                post.Parameters.AddWithValue("$s", $"{platform}-{i % 2}");
                post.Parameters.AddWithValue("$p", platform);
                post.Parameters.AddWithValue("$pid", i.ToString(ci));
                post.Parameters.AddWithValue("$u", $"https://{platform}.example.com/p/{i}");
                post.Parameters.AddWithValue("$t", $"帖子 {i}：法考复习、报名与成绩的讨论，偶有出售答案的广告。");
                post.Parameters.AddWithValue("$at", at);
                post.Parameters.AddWithValue("$h", i.ToString("x8", ci));
                await post.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                label.Parameters.Clear();
                label.Parameters.AddWithValue("$id", i);
                label.Parameters.AddWithValue("$at", at);
                label.Parameters.AddWithValue("$l", random.NextDouble() < 0.06 ? Labels[random.Next(Labels.Length)] : "normal");
                await label.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var store = provider.GetRequiredService<IIncidentStore>();
        var alerts = provider.GetRequiredService<IAlertStore>();
        var runs = provider.GetRequiredService<ISourceStateStore>();
        var largest = 0L;
        var next = 1L;
        for (var n = 0; n < incidents; n++)
        {
            // A few big incidents, most small: 2 to 200 posts.
            var size = n == 0 ? 200 : 2 + random.Next(n < 20 ? 40 : 6);
            var members = Enumerable.Range(0, size).Select(k => Member(next + k, day.AddMinutes((n * 2) + (k * 3)))).ToList();
            next += size;
            var level = (IncidentLevel)(1 + random.Next(4));
            var record = new IncidentRecord(0, "bench-" + n, $"事件 {n}：出售答案与泄题传闻", level, [new LevelReason("content_floor:answer_selling", level, "label answer_selling")],
                members[0].At, members[^1].At, members[0].PostId, members[0].Url, size, [.. members.Select(m => m.Platform).Distinct()], ["answer_selling"],
                [.. members.Select(m => m.SourceId).Distinct()], "rising", false, IncidentStates.Open);
            var id = await store.CreateAsync(record, members[0], cancellationToken).ConfigureAwait(false);
            foreach (var m in members.Skip(1))
            {
                await store.AddPostAsync(id, m, cancellationToken).ConfigureAwait(false);
            }

            await alerts.RaiseAsync(new AlertRecord(0, $"incident:{id}:level:{level}", "incident", id, level, record.Title, "bench", record.Reasons, members[0].At.AddMinutes(1), "open", null, null, null), [], [], cancellationToken).ConfigureAwait(false);
            largest = n == 0 ? id : largest;
        }

        foreach (var platform in Platforms)
        {
            for (var s = 0; s < 2; s++)
            {
                for (var r = 0; r < 72; r++)
                {
                    var start = day.AddMinutes(r * 20);
                    await runs.RecordRunAsync(new SourceRunReport($"{platform}-{s}", start, start.AddSeconds(4), r % 30 == 7 ? SourceRunStatus.Failed : SourceRunStatus.Ok, 3, 40, 30, 2, 0, new Dictionary<int, int> { [200] = 3 }, []), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return largest;

        IncidentPost Member(long postId, DateTimeOffset at)
        {
            var platform = Platforms[postId % Platforms.Length];
            return new IncidentPost(postId, $"{platform}-{postId % 2}", platform, postId.ToString(ci), null, null, new Uri($"https://{platform}.example.com/p/{postId}"), "u" + postId, "作者" + postId, 100,
                $"帖子 {postId}：法考复习、报名与成绩的讨论，偶有出售答案的广告。", at, "answer_selling", postId % 997, [], "topic 0.62", null);
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>Wall and process CPU time since start.</summary>
    private sealed class CpuWatch
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public static CpuWatch Start() => new();

        public TimeSpan Wall => _wall.Elapsed;

        public TimeSpan Cpu => Process.GetCurrentProcess().TotalProcessorTime - _cpu;
    }
}
