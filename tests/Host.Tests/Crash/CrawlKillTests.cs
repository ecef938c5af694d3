using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Host.Tests.Crash;

/// <summary>
/// <c>kill -9</c> during a crawl: the real <c>sw crawler run</c> process is killed at several points mid-crawl and restarted;
/// the store must end with exactly the posts a crash-free crawl stores — none lost, none twice — and be intact after
/// every kill. Each kill is proven: the drill sites stop answering before it (so the crawl cannot go on to finish), and a
/// killed run's status is 137 (SIGKILL); the test goes on until that many kills have landed. Every run that was not killed
/// (one that ended before its kill point, the final runs) must exit 0.
/// </summary>
public sealed class CrawlKillTests : IAsyncLifetime
{
    /// <summary>128 + SIGKILL: how a process killed with <c>kill -9</c> ends.</summary>
    private const int KilledExit = 137;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-kill-" + Guid.NewGuid().ToString("N"));
    private readonly AnswerGate _gate = new();
    private ILoggerFactory _drillLog = null!;
    private DrillServer _drill = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        _drillLog = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(_gate));
        _drill = await DrillServer.StartAsync(new DrillOptions
        {
            LoggerFactory = _drillLog,
            Scenario = DrillScenario.Generate(posts: 600, seed: 7, spreadSeconds: 0),
            PageSizes = new DrillPageSizes { TiebaThreads = 5, TiebaFloors = 10 },
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _drill.DisposeAsync();
        _drillLog.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Crawl_KilledRepeatedlyMidway_EndsWithExactlyTheCrashFreePosts()
    {
        var reference = await CrawlToEndAsync("reference", kills: 0);
        var crashed = await CrawlToEndAsync("crashed", kills: 4);

        var scenarioPosts = _drill.Scenario.Posts.Count(p => p.Site == DrillSite.Tieba);
        Assert.Equal(scenarioPosts, reference.Count);
        var missing = reference.Except(crashed).ToList();
        var extra = crashed.Except(reference).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"after kills: {missing.Count} posts lost, {extra.Count} unexpected; lost e.g. {string.Join(" | ", missing.Take(3))}; unexpected e.g. {string.Join(" | ", extra.Take(3))}");
    }

    /// <returns>Every stored (platform post id, text), sorted; asserts no id is stored twice.</returns>
    private async Task<List<string>> CrawlToEndAsync(string name, int kills)
    {
        var db = Path.Combine(_dir, name + ".db");
        var settings = new Dictionary<string, string?>(DrillSourceConfig.For(_drill, TimeSpan.FromMinutes(1), maxPages: 1000))
        {
            ["Storage:Database"] = db,
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.010",
            ["Crawler:Collection:MaxDetailPagesPerRun"] = "10000",
        };
        var random = new Random(kills + 11);
        // A run may end on its own before its kill point (a restarted run stops at the cursor and leaves the backlog to
        // the next one): such a run must exit 0 and does not count. Only a run still going when killed counts, and it
        // must end with SIGKILL's status.
        var killed = 0;
        var runs = 0;
        while (killed < kills)
        {
            Assert.True(++runs <= kills * 8, $"only {killed} of {kills} kills landed in {runs - 1} runs");
            using var p = SwProcess.Start(_dir, settings, "--config", _config, "crawler", "run", "--source", "drill-tieba", "--once");
            var before = Count(db);
            var target = before + random.Next(5, 40);
            // A restarted run may store only a few posts (it stops at its cursor): it is also killed after a few answered
            // pages, while it writes what they held.
            var requests = _drill.TotalRequests(DrillSite.Tieba) + random.Next(2, 10);
            // Bounded wait for a durable effect (posts stored, pages answered), not a timing assertion.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!p.HasExited && Count(db) < target && _drill.TotalRequests(DrillSite.Tieba) < requests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(random.Next(5, 30));
            }

            // The sites stop answering: from here the crawl cannot fetch what it still needs, so it cannot end on its own
            // unless it needed nothing more.
            _gate.Close();
            try
            {
                if (!p.HasExited)
                {
                    Assert.True(Count(db) >= target || _drill.TotalRequests(DrillSite.Tieba) >= requests, $"run {runs}: the crawl neither reached its kill point nor ended within 120 s");
                    p.Kill(); // SIGKILL on Linux: no shutdown code runs
                }

                await p.WaitForExitAsync();
                if (p.ExitCode == 0)
                {
                    continue; // it finished before the kill landed: a clean run, checked, not counted
                }

                Assert.Equal(KilledExit, p.ExitCode);
                killed++;
            }
            finally
            {
                _gate.Open();
            }

            AssertIntact(db);
        }

        using (var final = SwProcess.Start(_dir, settings, "--config", _config, "crawler", "run", "--source", "drill-tieba", "--once"))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
            await final.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, final.ExitCode);
        }

        // A second clean run picks up the backlog any kill left in the cursor.
        using (var again = SwProcess.Start(_dir, settings, "--config", _config, "crawler", "run", "--source", "drill-tieba", "--once"))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
            await again.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, again.ExitCode);
        }

        AssertIntact(db);
        await using var c = Open(db);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT platform_post_id, text FROM posts ORDER BY platform_post_id";
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetString(0) + "\t" + r.GetString(1));
        }

        Assert.Equal(rows.Count, rows.Select(x => x.Split('\t')[0]).Distinct().Count());
        return rows;
    }

    private static long Count(string db)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var c = Open(db);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM posts";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // schema not created yet
        }
    }

    private static void AssertIntact(string db)
    {
        using var c = Open(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string)cmd.ExecuteScalar()!);
    }

    private static SqliteConnection Open(string db)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    /// <summary>
    /// Holds the drill sites' answers while closed: a drill site logs each answer as its status line goes out
    /// (event 5101), and this logger makes that wait until <see cref="Open"/>. Bounded, so a forgotten gate cannot hang a run.
    /// </summary>
    private sealed class AnswerGate : ILoggerProvider, ILogger
    {
        private readonly ManualResetEventSlim _open = new(initialState: true);

        public void Close() => _open.Reset();

        public void Open() => _open.Set();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 5101)
            {
                _open.Wait(TimeSpan.FromMinutes(2));
            }
        }

        public void Dispose() => _open.Dispose();
    }
}
