using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using SentimentWatch.Core.Configuration;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Mail;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Cli;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw demo</c>: everything on loopback with embedded defaults — the drill sites play the demo scenario, the worker
/// crawls them on short intervals into a fresh SQLite store, and progress is printed until the scenario has played out.
/// </summary>
internal sealed class DemoCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var speed = new Option<double>("--speed") { Description = "Scenario seconds per real second", DefaultValueFactory = _ => 20 };
        var extra = new Option<int>("--linger") { Description = "Seconds to keep crawling after the scenario has played out", DefaultValueFactory = _ => 30 };
        var demoConfig = new Option<string>("--demo-config") { Description = "Configuration directory of the demo", DefaultValueFactory = _ => Path.Combine("config", "demo") };
        var demo = new Command("demo", "Run drill sites + worker + the demo scenario, all on 127.0.0.1, and show what is collected and where.") { speed, extra, demoConfig };
        demo.SetAction((parse, ct) => RunAsync(parse.GetValue(demoConfig)!, parse.GetValue(speed), parse.GetValue(extra), Console.Out, ct));
        root.Subcommands.Add(demo);
    }

    public static async Task<int> RunAsync(string configDir, double speed, int lingerSeconds, TextWriter output, CancellationToken cancellationToken)
    {
        if (speed <= 0 || double.IsNaN(speed))
        {
            await Console.Error.WriteLineAsync($"--speed '{speed}' must be a positive number").ConfigureAwait(false);
            return 2;
        }

        var paths = new PathsOptions();
        var probe = new ConfigurationBuilder();
        SwHost.AddConfiguration(probe, configDir, overrides: null);
        probe.Build().GetSection(PathsOptions.Section).Bind(paths);
        var dataDir = paths.DataPath();
        var dbPath = Path.Combine(dataDir, "sentimentwatch.db");
        foreach (var stale in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" }.Where(File.Exists))
        {
            File.Delete(stale);
        }

        var scenario = DrillScenario.DemoWithBoards();
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario, Speed = speed }, cancellationToken).ConfigureAwait(false);
        // The members' board's session ends three quarters in (after its last post): its source raises "session expired" and pauses until the cookie is renewed.
        drill.Control(DrillSite.Tieba).ClubSessionExpiresAt = 450;
        await output.WriteLineAsync($"SentimentWatch demo — {scenario.Posts.Count} scenario posts over {scenario.Duration / 60:0.#} scenario minutes, played at {speed}× speed.").ConfigureAwait(false);
        await output.WriteLineAsync("Drill sites (127.0.0.1 only):").ConfigureAwait(false);
        foreach (var (site, uri) in drill.Sites)
        {
            await output.WriteLineAsync($"  {site,-7} {uri}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Store: {dbPath} (fresh for this demo)").ConfigureAwait(false);

        // A local mailbox stands in for the bureau's mail server: every alert e-mail lands in it as an .eml file.
        var mailDir = Path.Combine(dataDir, "mailbox");
        if (Directory.Exists(mailDir))
        {
            Directory.Delete(mailDir, recursive: true);
        }

        await using var mailbox = DemoMailbox.Start(mailDir);
        var ackPort = FreeLoopbackPort();
        var consolePort = FreeLoopbackPort();
        await DemoAccounts.CreateAsync(dbPath, $"http://127.0.0.1:{consolePort}/", output, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Mailbox: smtp://127.0.0.1:{mailbox.Port} → {mailDir}/NNNN.eml").ConfigureAwait(false);

        var overrides = new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromSeconds(5)).Concat(DrillSourceConfig.Boards(drill, TimeSpan.FromSeconds(5))))
        {
            ["Alerting:Routing:Channels:mail:Smtp:Host"] = "127.0.0.1",
            ["Alerting:Routing:Channels:mail:Smtp:Port"] = mailbox.Port.ToString(CultureInfo.InvariantCulture),
            ["Alerting:Ack:Listen"] = $"http://127.0.0.1:{ackPort}",
            ["Alerting:Ack:BaseUrl"] = $"http://127.0.0.1:{ackPort}",
            ["Console:Listen"] = $"http://127.0.0.1:{consolePort}",
            // The demo plays minutes of scenario in seconds: batch and deliver on the same compressed clock.
            ["Alerting:PollSeconds"] = "2",
            ["Alerting:Delivery:PollSeconds"] = "1",
        };
        foreach (var level in new[] { "I", "II", "III", "IV" })
        {
            overrides[$"Alerting:Routing:Routes:{level}:GroupWaitSeconds"] = "3";
            overrides[$"Alerting:Routing:Routes:{level}:GroupIntervalSeconds"] = "10";
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var worker = WorkerCommands.RunWorkerAsync(configDir, overrides, stop.Token);

        using var store = new SqlitePostStore(new SqliteDatabase(dbPath));
        var until = TimeSpan.FromSeconds(scenario.Duration / speed + lingerSeconds);
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
                $"[demo {clock.Elapsed:mm\\:ss} | scenario {drill.Elapsed / 60:0.0} min] posts stored: {count} (+{count - last}); alert mails received: {mailbox.Count}")).ConfigureAwait(false);
            last = count;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        var exit = await worker.ConfigureAwait(false);
        if (exit == 2 || !File.Exists(dbPath))
        {
            return exit;
        }

        // Exit 1 is a run that hit storage failures: the summary still shows what was stored, then the demo fails.
        await DemoSummary.PrintAsync(dbPath, configDir, output, CancellationToken.None).ConfigureAwait(false);
        await DemoSummary.PrintMailboxAsync(mailDir, output, CancellationToken.None).ConfigureAwait(false);
        return exit;
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
