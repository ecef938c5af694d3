using System.Globalization;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Mail;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Commands;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Host.Cli;

/// <summary>What one scripted run plays: a scenario, at a speed, into a fresh store under <see cref="DataDir"/>, with extra configuration keys.</summary>
/// <param name="Label">Shown in the progress lines (<c>demo</c>, <c>演练</c>).</param>
/// <param name="Prepare">Runs on the fresh store before the worker starts (e.g. flags it as a drill's store).</param>
/// <param name="WithBoards">Also crawl the Tieba drill site's browser-only and members' boards; the members' session
/// ends three quarters in (after its last post), so its source raises "session expired" and pauses until the cookie is renewed.</param>
internal sealed record DrillRunPlan(string ConfigDir, string DataDir, DrillScenario Scenario, double Speed, int LingerSeconds, string Label, IReadOnlyDictionary<string, string?> Extra,
    Func<SqliteDatabase, CancellationToken, Task>? Prepare = null, bool WithBoards = false);

/// <summary>Where a run left its store and mailbox, and how the worker ended.</summary>
internal sealed record DrillRunResult(int Exit, string DbPath, string MailDir, DateTimeOffset StartedUtc);

/// <summary>
/// The machinery shared by <c>sw demo</c> and <c>sw exercise run</c>: drill sites play a scenario on 127.0.0.1, a local
/// mailbox receives every mail, console accounts are created, and the real worker (crawl, classify, alert, deliver,
/// console) runs against them into a fresh store until the scenario has played out.
/// </summary>
internal static class DrillRun
{
    public static async Task<DrillRunResult> RunAsync(DrillRunPlan plan, TextWriter output, CancellationToken cancellationToken)
    {
        var dbPath = Path.Combine(plan.DataDir, "sentimentwatch.db");
        Directory.CreateDirectory(plan.DataDir);
        foreach (var stale in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" }.Where(File.Exists))
        {
            File.Delete(stale);
        }

        var scenario = plan.Scenario;
        var started = DateTimeOffset.UtcNow;
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario, Speed = plan.Speed }, cancellationToken).ConfigureAwait(false);
        if (plan.WithBoards)
        {
            drill.Control(DrillSite.Tieba).ClubSessionExpiresAt = 450;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"SentimentWatch {plan.Label} — {scenario.Posts.Count} scenario posts over {scenario.Duration / 60:0.#} scenario minutes, played at {plan.Speed}× speed.")).ConfigureAwait(false);
        await output.WriteLineAsync("Drill sites (127.0.0.1 only):").ConfigureAwait(false);
        foreach (var (site, uri) in drill.Sites)
        {
            await output.WriteLineAsync($"  {site,-7} {uri}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Store: {dbPath} (fresh for this run)").ConfigureAwait(false);

        // A local mailbox stands in for the bureau's mail server: every alert e-mail lands in it as an .eml file.
        var mailDir = Path.Combine(plan.DataDir, "mailbox");
        if (Directory.Exists(mailDir))
        {
            Directory.Delete(mailDir, recursive: true);
        }

        await using var mailbox = DemoMailbox.Start(mailDir);
        var ackPort = FreeLoopbackPort();
        var consolePort = FreeLoopbackPort();
        await DemoAccounts.CreateAsync(dbPath, $"http://127.0.0.1:{consolePort}/", output, cancellationToken).ConfigureAwait(false);
        if (plan.Prepare is { } prepare)
        {
            await prepare(new SqliteDatabase(dbPath), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Mailbox: smtp://127.0.0.1:{mailbox.Port} → {mailDir}/NNNN.eml").ConfigureAwait(false);

        var sources = DrillSourceConfig.For(drill, TimeSpan.FromSeconds(5));
        var overrides = new Dictionary<string, string?>(plan.WithBoards ? sources.Concat(DrillSourceConfig.Boards(drill, TimeSpan.FromSeconds(5))) : sources)
        {
            ["Paths:Data"] = plan.DataDir,
            ["Alerting:Routing:Channels:mail:Smtp:Host"] = "127.0.0.1",
            ["Alerting:Routing:Channels:mail:Smtp:Port"] = mailbox.Port.ToString(CultureInfo.InvariantCulture),
            ["Alerting:Ack:Listen"] = $"http://127.0.0.1:{ackPort}",
            ["Alerting:Ack:BaseUrl"] = $"http://127.0.0.1:{ackPort}",
            ["Console:Listen"] = $"http://127.0.0.1:{consolePort}",
            // The run plays minutes of scenario in seconds: batch and deliver on the same compressed clock.
            ["Alerting:PollInterval"] = "00:00:02",
            ["Alerting:Delivery:PollInterval"] = "00:00:01",
        };
        foreach (var level in new[] { "I", "II", "III", "IV" })
        {
            overrides[$"Alerting:Routing:Routes:{level}:GroupWait"] = "00:00:03";
            overrides[$"Alerting:Routing:Routes:{level}:GroupInterval"] = "00:00:10";
        }

        foreach (var (key, value) in plan.Extra)
        {
            overrides[key] = value;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var worker = WorkerCommands.RunWorkerAsync(plan.ConfigDir, overrides, stop.Token);

        using var store = new SqlitePostStore(new SqliteDatabase(dbPath));
        var until = TimeSpan.FromSeconds(scenario.Duration / plan.Speed + plan.LingerSeconds);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long last = 0;
        while (clock.Elapsed < until && !worker.IsCompleted)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var count = File.Exists(dbPath) ? await store.CountPostsAsync(stop.Token).ConfigureAwait(false) : 0;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{plan.Label} {clock.Elapsed:mm\\:ss} | scenario {drill.Elapsed / 60:0.0} min] posts stored: {count} (+{count - last}); alert mails received: {mailbox.Count}")).ConfigureAwait(false);
            last = count;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        var exit = await worker.ConfigureAwait(false);
        return new DrillRunResult(exit, dbPath, mailDir, started);
    }

    private static int FreeLoopbackPort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
