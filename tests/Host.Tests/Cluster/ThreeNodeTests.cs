using System.Globalization;
using Npgsql;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Tests.Crash;
using SentimentWatch.Testing;
using Xunit.Abstractions;

namespace SentimentWatch.Host.Tests.Cluster;

/// <summary>
/// Three real <c>sw run</c> processes (node-1, node-2, node-3) on one PostgreSQL the tests start — the whole store there,
/// Quartz's clustered job store on, Elasticsearch pointed at a closed loopback port — crawling the drill sites on
/// loopback. Checked from the store: every drill post stored once per source, no two runs of one source overlapping in
/// time (<c>source_runs</c>), every source crawled; the kill variant also kills one node with SIGKILL every few seconds
/// and restarts it, and reports the longest gap between runs per source.
/// </summary>
/// <remarks>
/// The kill variant runs <c>SW_NODES_KILL_SECONDS</c> (default 60) with a kill every <c>SW_NODES_KILL_EVERY</c> seconds
/// (default 20): the issue's benchmark is <c>SW_NODES_KILL_SECONDS=300</c> (docs/scale-out.md).
/// </remarks>
[Collection(ThreeNodeCollection.Name)]
public sealed class ThreeNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>128 + SIGKILL: how a process killed with <c>kill -9</c> ends.</summary>
    private const int KilledExit = 137;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>The sources whose posts the test checks against the scenario, by the drill site they read.</summary>
    private static readonly (string Source, DrillSite Site)[] Checked = [("drill-tieba", DrillSite.Tieba), ("drill-discuz", DrillSite.Discuz)];

    private readonly string _dir = Directory.CreateTempSubdirectory("sw-nodes-").FullName;
    private readonly List<CapturedSw?> _nodes = [null, null, null];
    private readonly SmtpSink _smtp = new();
    private readonly Dictionary<CapturedSw, int> _consoles = [];
    private DrillServer? _drill;
    private string _db = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        // The product's alerting configuration mails every alert (channel "mail"); here to a real SMTP server on loopback.
        _smtp.StartIfAvailable();
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        _db = await PostgresServer.Shared.CreateDatabaseAsync("nodes");
    }

    /// <param name="spreadSeconds">Posts appear over this many seconds from now (0: all at once).</param>
    /// <param name="posts">How many posts the scenario has.</param>
    /// <param name="extra">Posts added to the generated ones.</param>
    private async Task StartDrillAsync(double spreadSeconds, int posts = 200, IEnumerable<ScenarioPost>? extra = null) =>
        _drill = await DrillServer.StartAsync(new DrillOptions
        {
            Scenario = new DrillScenario(DrillScenario.Generate(posts, seed: 18, spreadSeconds).Posts.Concat(extra ?? [])),
            PageSizes = new DrillPageSizes { TiebaThreads = 10, TiebaFloors = 20 },
        }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        _smtp.Dispose();
        foreach (var node in _nodes)
        {
            node?.Dispose();
        }

        if (_drill is not null)
        {
            await _drill.DisposeAsync();
        }

        SwProcess.DeleteQuietly(_dir);
    }

    [Fact]
    public async Task ThreeNodes_OnePostgreSql_EveryPostOnce_RunsNeverOverlap_EverySourceCrawled()
    {
        await StartDrillAsync(spreadSeconds: 0);
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            _nodes[i] = StartNode(i);
        }

        foreach (var node in _nodes)
        {
            await WaitStartedAsync(node!);
        }

        await WaitUntilAsync(async () => (await InstancesAsync()).Count == 3, TimeSpan.FromMinutes(1), "all three nodes checked in to Quartz");
        await WaitForCrawlsAsync(after: started, runsPerSource: 3, TimeSpan.FromMinutes(4), allPosts: true);
        var nodesSeen = await InstancesAsync();

        foreach (var node in _nodes)
        {
            await node!.StopAsync();
            Assert.True(node.Process.ExitCode == 0, $"exit {node.Process.ExitCode}\n{node.Err}");
        }

        Assert.Equal(["node-1", "node-2", "node-3"], nodesSeen);
        await AssertStoreAsync();
    }

    [Fact]
    public async Task ThreeNodes_OneKilledEveryFewSeconds_NothingLostOrTwice_RunsNeverOverlap_EverySourceKeepsBeingCrawled()
    {
        // The mails are half of what this test proves: with no SMTP server it fails rather than passing on the rest.
        Assert.True(SmtpSink.MissingReason is null,
            $"the kill test checks every mail at a real SMTP server, Debian's aiosmtpd ({SmtpSink.Python} -m aiosmtpd), which is missing: " +
            $"{SmtpSink.MissingReason}. Install python3-aiosmtpd (listed in .ci/deps; ./test.sh installs it).");
        var seconds = Setting("SW_NODES_KILL_SECONDS", 60);
        var every = Setting("SW_NODES_KILL_EVERY", 20);
        // Posts keep appearing while nodes are killed, so a crawl lost with a node would lose posts.
        await StartDrillAsync(spreadSeconds: seconds);
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            _nodes[i] = StartNode(i);
        }

        foreach (var node in _nodes)
        {
            await WaitStartedAsync(node!);
        }

        // The kills begin once every source has been crawled: from then on each must keep being crawled.
        await WaitForCrawlsAsync(after: started, runsPerSource: 1, TimeSpan.FromMinutes(3), allPosts: false);
        var end = DateTimeOffset.UtcNow.AddSeconds(seconds);
        var kills = 0;
        var midCrawl = 0;
        var leaderKills = 0;
        var victims = new List<string>();
        var lastKill = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow < end)
        {
            // The pace of the kills (the scenario), not a wait for a result: each kill is then proven by its status.
            await Task.Delay(TimeSpan.FromSeconds(every));
            // Every other kill (the first, third, …) takes the node leading outbox delivery, read from its lease (the
            // advisory lock it holds); the others prefer a node that is crawling right now (Quartz marks its fired trigger
            // EXECUTING), so the kill interrupts a crawl that another node must recover; otherwise the next node in turn.
            int victim;
            if (kills % 2 == 0 && await DeliveryLeaderAsync(TimeSpan.FromSeconds(every)) is { } leader)
            {
                victim = leader;
                leaderKills++;
                victims.Add($"node-{victim + 1} (delivery leader)");
            }
            else
            {
                var crawling = await CrawlingNodeAsync(TimeSpan.FromSeconds(every));
                victim = crawling ?? kills % 3;
                midCrawl += crawling is null ? 0 : 1;
                victims.Add($"node-{victim + 1}" + (crawling is null ? "" : " (crawling)"));
            }

            var node = _nodes[victim]!;
            if (node.Process.HasExited)
            {
                Assert.Fail($"node-{victim + 1} exited on its own ({node.Process.ExitCode}):\n{node.Err}");
            }

            node.Process.Kill(); // SIGKILL on Linux: no shutdown code runs
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await node.Process.WaitForExitAsync(bound.Token);
            }

            Assert.Equal(KilledExit, node.Process.ExitCode);
            lastKill = DateTimeOffset.UtcNow;
            kills++;
            node.Dispose();
            _nodes[victim] = StartNode(victim);
            await WaitStartedAsync(_nodes[victim]!);
        }

        // After the last kill every source is crawled again (a crawl the killed node held is recovered by another).
        await WaitForCrawlsAsync(after: lastKill, runsPerSource: 1, TimeSpan.FromMinutes(3), allPosts: true);
        foreach (var node in _nodes)
        {
            await node!.StopAsync();
            Assert.True(node.Process.ExitCode == 0, $"restarted node exit {node.Process.ExitCode}\n{node.Err}");
        }

        Assert.True(kills >= 1, "no kill landed");
        Assert.True(leaderKills >= 1, $"the node leading outbox delivery was never killed (no node held the delivery lease when a kill was due); kills: {string.Join(", ", victims)}");
        var gaps = await AssertStoreAsync();
        var mails = await AssertMailsAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kills} kills (SIGKILL, exit 137; {leaderKills} of the delivery leader, {midCrawl} mid-crawl) in {seconds} s, one every {every} s: {string.Join(", ", victims)}"));
        output.WriteLine("longest gap between runs per source:");
        foreach (var (source, gap) in gaps)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {source}: {gap.TotalSeconds:0.0} s"));
        }

        output.WriteLine(mails);
    }

    /// <summary>
    /// The issue's "alert latency p95 within 2 s of the single-node figure": the same scenario (posts appearing over
    /// <c>SW_NODES_LATENCY_SECONDS</c>, default 90, <c>SW_NODES_LATENCY_POSTS</c>, default 400) crawled by one node, then by
    /// three on a fresh database, back to back; latency from the store. A benchmark of several minutes: runs when
    /// <c>SW_NODES_LATENCY</c> is set, skipped with that reason otherwise (docs/scale-out.md has the command and figures).
    /// </summary>
    [LatencyFact]
    public async Task AlertLatency_OneNodeThenThreeNodes_P95WithinTwoSeconds()
    {
        var seconds = Setting("SW_NODES_LATENCY_SECONDS", 90);
        var posts = Setting("SW_NODES_LATENCY_POSTS", 400);
        var one = await MeasureLatencyAsync(nodes: 1, posts, seconds);
        var three = await MeasureLatencyAsync(nodes: 3, posts, seconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{posts} posts over {seconds} s, drill sites on loopback, one PostgreSQL"));
        output.WriteLine(one.Report("1 node "));
        output.WriteLine(three.Report("3 nodes"));
        Assert.True(one.Created.Count > 0 && three.Created.Count > 0, "no alert was raised");
        Assert.True(three.P95Created <= one.P95Created + 2,
            string.Create(CultureInfo.InvariantCulture, $"alert latency p95 (post stored → alert created): three nodes {three.P95Created:0.00} s, one node {one.P95Created:0.00} s: more than 2 s apart"));
    }

    /// <summary>One round of the latency benchmark on a fresh database and drill: <paramref name="nodes"/> nodes until the store has alerted on every post.</summary>
    private async Task<Latency> MeasureLatencyAsync(int nodes, int posts, int seconds)
    {
        if (_drill is not null)
        {
            await _drill.DisposeAsync();
        }

        _db = await PostgresServer.Shared.CreateDatabaseAsync($"latency{nodes}");

        // The generated posts are mostly benign (one story alerts); the shipped leak exercise's weibo, news and feed posts
        // (its alerting stories, written for this product) are played along, their times squeezed into the window.
        var exercise = DrillScenario.Load(Path.Combine(SwProcess.RepoRoot, "config", "exercises", "leak-level1-sitting.jsonl")).Posts
            .Where(p => p.Site is DrillSite.Weibo or DrillSite.News or DrillSite.Feeds)
            .Select(p => p with { At = p.At * seconds / 200.0 });
        await StartDrillAsync(spreadSeconds: seconds, posts, exercise);
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < nodes; i++)
        {
            _nodes[i] = StartNode(i);
        }

        foreach (var node in _nodes.Take(nodes))
        {
            await WaitStartedAsync(node!);
        }

        // Every source has run after the scenario's last post appeared and every post is stored, then classification and alerting have followed every
        // change (their checkpoints at the end of their feeds) and no mail is due or mid-hand-over.
        await WaitForCrawlsAsync(after: started.AddSeconds(seconds), runsPerSource: 1, TimeSpan.FromMinutes(4), allPosts: true);
        await WaitUntilAsync(async () => (await QueryAsync(
            "SELECT (SELECT COALESCE(max(seq), 0) FROM post_changes) <= COALESCE((SELECT value FROM checkpoints WHERE name = 'classifier'), 0) " +
            "AND (SELECT COALESCE(max(sequence), 0) FROM classifications) <= COALESCE((SELECT value FROM checkpoints WHERE name = 'alerting'), 0) " +
            "AND NOT EXISTS (SELECT 1 FROM outbox WHERE channel = 'mail' AND (state = 'handed' OR (state = 'pending' AND due_at <= now())))",
            r => r.GetBoolean(0))).Single(), TimeSpan.FromMinutes(4), "classification, alerting and mail delivery caught up");
        foreach (var node in _nodes.Take(nodes))
        {
            await node!.StopAsync();
            Assert.True(node.Process.ExitCode == 0, $"exit {node.Process.ExitCode}\n{node.Err}");
            node.Dispose();
        }

        for (var i = 0; i < nodes; i++)
        {
            _nodes[i] = null;
        }

        // Per alert on an incident: from the newest of its posts stored before the alert was raised (the post that made
        // it due) to the alert row, and to each of its mails accepted by the SMTP server (sent_at).
        const string Base = "(SELECT max(p.first_seen_at) FROM incident_posts ip JOIN posts p ON p.id = ip.post_id WHERE ip.incident_id = a.incident_id AND p.first_seen_at <= a.created_at)";
        var created = await QueryAsync($"SELECT EXTRACT(EPOCH FROM a.created_at - {Base})::float8 FROM alerts a WHERE a.incident_id IS NOT NULL AND {Base} IS NOT NULL", r => r.GetDouble(0));
        var delivered = await QueryAsync(
            $"SELECT EXTRACT(EPOCH FROM o.sent_at - {Base})::float8 FROM outbox o JOIN alerts a ON a.id = o.alert_id WHERE o.channel = 'mail' AND o.state = 'sent' AND {Base} IS NOT NULL",
            r => r.GetDouble(0));
        var stored = (await QueryAsync("SELECT count(*) FROM posts", r => r.GetInt64(0))).Single();

        // Per post, the stage before alerting (also one leader at a time): stored → its first version classified.
        var classified = await QueryAsync(
            "SELECT EXTRACT(EPOCH FROM c.at_utc - p.first_seen_at)::float8 FROM classifications c JOIN posts p ON p.id = c.post_id WHERE c.post_version = 1",
            r => r.GetDouble(0));
        return new Latency(nodes, stored, created, delivered, classified);
    }

    private sealed record Latency(int Nodes, long Posts, List<double> Created, List<double> Delivered, List<double> Classified)
    {
        public double P95Created => Percentile(Created, 0.95);

        public string Report(string label) => string.Create(CultureInfo.InvariantCulture,
            $"{label}: {Posts} posts stored; stored → alert created: {Created.Count} alerts, p50 {Percentile(Created, 0.5):0.00} s, p95 {P95Created:0.00} s, max {(Created.Count == 0 ? 0 : Created.Max()):0.00} s; " +
            $"stored → mail accepted by the SMTP server: {Delivered.Count} mails, p50 {Percentile(Delivered, 0.5):0.00} s, p95 {Percentile(Delivered, 0.95):0.00} s, max {(Delivered.Count == 0 ? 0 : Delivered.Max()):0.00} s; " +
            $"stored → classified: {Classified.Count} posts, p50 {Percentile(Classified, 0.5):0.00} s, p95 {Percentile(Classified, 0.95):0.00} s");

        /// <summary>Nearest-rank percentile (0 for no values).</summary>
        private static double Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    /// <summary>
    /// Mails at the SMTP server against the outbox: every message the outbox marks sent arrived exactly once, none arrived
    /// twice, none arrived that the outbox does not hold. Waits (bounded) until no mail is due or mid-hand-over.
    /// </summary>
    private async Task<string> AssertMailsAsync()
    {
        // The nodes are stopped; a last single node delivers what is due (a kill may have left mails pending).
        for (var i = 0; i < _nodes.Count; i++)
        {
            _nodes[i]?.Dispose();
            _nodes[i] = null;
        }

        _nodes[0] = StartNode(0);
        await WaitStartedAsync(_nodes[0]!);
        await WaitUntilAsync(async () => (await QueryAsync(
            "SELECT count(*) FROM outbox WHERE channel = 'mail' AND (state = 'handed' OR (state = 'pending' AND due_at <= now()))", r => r.GetInt64(0))).Single() == 0,
            TimeSpan.FromMinutes(2), "every due mail delivered");
        await _nodes[0]!.StopAsync();

        var rows = await QueryAsync("SELECT idempotency_key, state FROM outbox WHERE channel = 'mail'", r => (Key: r.GetString(0), State: r.GetString(1)));
        var received = _smtp.Messages().Select(m => m.Headers["X-SW-Idempotency-Key"] ?? "(none) " + m.MessageId).ToList();
        var twice = received.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} mails arrived twice, e.g. {string.Join(", ", twice.Take(3))}");
        var unknown = received.Except(rows.Select(r => r.Key), StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, $"{unknown.Count} mails arrived that the outbox does not hold");
        var lost = rows.Where(r => r.State == "sent" && !received.Contains(r.Key, StringComparer.Ordinal)).Select(r => r.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} mails marked sent never arrived, e.g. {string.Join(", ", lost.Take(3))}");
        return string.Create(CultureInfo.InvariantCulture,
            $"mails: {received.Count} received, 0 twice, 0 lost; outbox (mail) by state: {string.Join(", ", rows.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
    }

    private CapturedSw StartNode(int i)
    {
        var settings = new Dictionary<string, string?>(DrillSourceConfig.For(_drill!, Interval, maxPages: 1000))
        {
            // drill-tieba (source 0) every 2 s: its runs that fetch new pages take longer than that, so its trigger comes
            // round while a run is still going and only Quartz's one-run-at-a-time rule keeps the runs from overlapping.
            ["Crawler:Sources:0:Interval"] = "00:00:02",
            ["Storage:Provider"] = "postgresql",
            // The child resolves env:SW_TEST_PG itself (SwProcess passes each setting as SW_KEY).
            ["TEST_PG"] = _db,
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
            ["Scheduler:Store"] = "postgresql",
            ["Scheduler:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
            // A dead node's crawls are recovered after about interval + threshold: short, so the kill test sees it.
            ["Scheduler:CheckInInterval"] = "00:00:02",
            ["Scheduler:CheckInMisfireThreshold"] = "00:00:05",
            ["Node:Name"] = $"node-{i + 1}",
            ["Search:Provider"] = "elasticsearch",
            ["Search:Elasticsearch:Urls:0"] = $"http://127.0.0.1:{SwProcess.FreePort()}",
            ["Paths:Data"] = Path.Combine(_dir, $"data-{i + 1}"),
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.010",
            ["Crawler:Collection:MaxDetailPagesPerRun"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Alerting:Routing:Channels:mail:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        };
        // Each node serves its console and acknowledgement links on its own ports (the shipped 8788 is one machine's).
        SwProcess.UseOwnListeners(settings, out var console);
        var node = SwProcess.StartCapturing(_dir, settings, ["run", "--config", _config]);
        _consoles[node] = console;
        return node;
    }

    /// <summary>
    /// Waits until the node has started every hosted service: its start line, then its console's <c>/healthz</c>
    /// answering (the console is the last service the host starts). A node stopped before that ends with 130 (interrupted).
    /// </summary>
    private async Task WaitStartedAsync(CapturedSw node)
    {
        await node.WaitForErrAsync("sw run: ", TimeSpan.FromMinutes(3));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = new Uri($"http://127.0.0.1:{_consoles[node]}/healthz");
        await WaitUntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(url)).IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), $"{url} to answer");
    }

    /// <summary>Waits until every source has <paramref name="runsPerSource"/> runs that started after <paramref name="after"/> and every checked post is stored.</summary>
    private async Task WaitForCrawlsAsync(DateTimeOffset after, int runsPerSource, TimeSpan timeout, bool allPosts)
    {
        var expected = Expected();
        await WaitUntilAsync(async () =>
        {
            var runs = await QueryAsync("SELECT source_id, count(*) FROM source_runs WHERE started_at > @after GROUP BY source_id", r => (r.GetString(0), r.GetInt64(1)), after);
            if (DrillSourceConfig.SourceIds.Any(s => !runs.Any(r => r.Item1 == s && r.Item2 >= runsPerSource)))
            {
                return false;
            }

            var stored = await StoredAsync();
            return !allPosts || expected.All(e => stored.Contains(e));
        }, timeout, $"every source run {runsPerSource} time(s) after {after:O} and (if {allPosts}) every drill post of {string.Join(", ", Checked.Select(c => c.Source))} stored");
    }

    /// <summary>The store's verdict; returns the longest gap between consecutive runs per source.</summary>
    private async Task<IReadOnlyList<(string Source, TimeSpan Gap)>> AssertStoreAsync()
    {
        // Every drill post stored, none twice: per source one row per platform id, one version per (post, version),
        // one change per (post, version), and the checked sources hold exactly the scenario's posts.
        var expected = Expected();
        var stored = await StoredAsync();
        Assert.Empty(expected.Except(stored));
        foreach (var (source, _) in Checked)
        {
            Assert.Equal(expected.Count(e => e.Source == source), stored.Count(s => s.Source == source));
        }

        var twice = await QueryAsync("SELECT source_id || ' ' || platform_post_id FROM posts GROUP BY source_id, platform_post_id HAVING count(*) > 1", r => r.GetString(0));
        Assert.Empty(twice);
        var versionsTwice = await QueryAsync("SELECT post_id FROM post_versions GROUP BY post_id, content_hash HAVING count(*) > 1", r => r.GetInt64(0));
        Assert.Empty(versionsTwice);
        var changesTwice = await QueryAsync("SELECT post_id FROM post_changes GROUP BY post_id, version HAVING count(*) > 1", r => r.GetInt64(0));
        Assert.Empty(changesTwice);

        // Runs of one source never overlap: each starts at or after the previous one's end (one machine, one clock).
        var runs = await QueryAsync("SELECT source_id, started_at, finished_at FROM source_runs ORDER BY source_id, started_at, id",
            r => (Source: r.GetString(0), Start: r.GetFieldValue<DateTimeOffset>(1), End: r.GetFieldValue<DateTimeOffset>(2)));
        var overlaps = new List<string>();
        var gaps = new List<(string, TimeSpan)>();
        foreach (var source in DrillSourceConfig.SourceIds)
        {
            var own = runs.Where(r => r.Source == source).ToList();
            Assert.True(own.Count > 0, $"{source} was never crawled");
            var longest = TimeSpan.Zero;
            for (var k = 1; k < own.Count; k++)
            {
                if (own[k].Start < own[k - 1].End)
                {
                    overlaps.Add($"{source}: run {own[k].Start:O} started before {own[k - 1].End:O}");
                }

                longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (own[k].Start - own[k - 1].End).Ticks));
            }

            gaps.Add((source, longest));
        }

        Assert.Empty(overlaps);
        return gaps;
    }

    /// <summary>
    /// The index of the node leading outbox delivery at the moment (polled for at most <paramref name="within"/>), or null:
    /// the node whose lease session for the stage (<c>application_name</c> "sentimentwatch NODE stage delivery") holds a
    /// granted advisory lock — the lease itself; the other nodes' sessions for the stage hold none.
    /// </summary>
    private async Task<int?> DeliveryLeaderAsync(TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        do
        {
            var leaders = await QueryAsync(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                "WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name LIKE 'sentimentwatch node-% stage delivery'",
                r => r.GetString(0));
            // The lock is exclusive: at most one row.
            if (leaders.Count == 1)
            {
                var name = leaders[0].Split(' ')[1];
                return int.Parse(name["node-".Length..], CultureInfo.InvariantCulture) - 1;
            }

            await Task.Delay(50);
        }
        while (DateTimeOffset.UtcNow < until);
        return null;
    }

    /// <summary>The index of a node running a crawl at the moment (polled for at most <paramref name="within"/>), or null.</summary>
    private async Task<int?> CrawlingNodeAsync(TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        do
        {
            var executing = await QueryAsync("SELECT instance_name FROM qrtz_fired_triggers WHERE state = 'EXECUTING' LIMIT 1", r => r.GetString(0));
            if (executing.Count == 1 && executing[0].StartsWith("node-", StringComparison.Ordinal))
            {
                return int.Parse(executing[0]["node-".Length..], CultureInfo.InvariantCulture) - 1;
            }

            await Task.Delay(50);
        }
        while (DateTimeOffset.UtcNow < until);
        return null;
    }

    private List<(string Source, string Id)> Expected() =>
        [.. Checked.SelectMany(c => _drill!.Scenario.Posts.Where(p => p.Site == c.Site && p.DeletedAt is null)
            .Select(p => (c.Source, _drill!.PlatformIdOf(p.Id).ToString(CultureInfo.InvariantCulture))))];

    private async Task<HashSet<(string Source, string Id)>> StoredAsync() =>
        [.. await QueryAsync("SELECT source_id, platform_post_id FROM posts", r => (r.GetString(0), r.GetString(1)))];

    private async Task<List<string>> InstancesAsync() =>
        await QueryAsync("SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name", r => r.GetString(0));

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, DateTimeOffset? after = null)
    {
        await using var c = new NpgsqlConnection(_db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        if (after is { } a)
        {
            cmd.Parameters.AddWithValue("after", a.UtcDateTime);
        }

        var rows = new List<T>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                rows.Add(read(r));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Not migrated yet: nothing stored.
        }

        return rows;
    }

    /// <summary>Polls a condition on the store (a durable effect) until it holds; fails naming it and the nodes' output after <paramref name="timeout"/>.</summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (_nodes.FirstOrDefault(n => n is not null && n.Process.HasExited) is { } exited)
            {
                Assert.Fail($"a node exited ({exited.Process.ExitCode}) while waiting for {what}:\n{exited.Err}");
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within {timeout}: {what}\n" + string.Join("\n---\n", _nodes.OfType<CapturedSw>().Select(n => Tail(n.Err))));
            await Task.Delay(500);
        }
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}

/// <summary>The alert-latency benchmark: minutes of three worker processes, run when <c>SW_NODES_LATENCY</c> is set.</summary>
internal sealed class LatencyFactAttribute : FactAttribute
{
    public LatencyFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SW_NODES_LATENCY")))
        {
            Skip = "the alert-latency benchmark (one node, then three; several minutes) runs with SW_NODES_LATENCY=1";
        }
        else if (SmtpSink.MissingReason is { } missing)
        {
            Skip = "the alert-latency benchmark delivers mail to a real SMTP server: " + missing;
        }
    }
}

/// <summary>
/// Three worker processes load the machine for a minute or two: these tests run on their own, not beside other test
/// classes whose waits are timed (a graceful stop within a minute, say).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreeNodeCollection
{
    public const string Name = "three sw run nodes";
}
