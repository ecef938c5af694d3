using System.Diagnostics;
using System.Globalization;
using SentimentWatch.Core.Classification;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Benchmarks.Alerting;

/// <summary>
/// End-to-end alert latency: the drill sites play <c>scenarios/latency.jsonl</c> (harmful posts on every site, replies
/// among them, appearing at known times between everyday posts), the real worker (<c>sw run</c> as a child process:
/// Quartz crawl schedule at poll interval P, classification worker, alerting worker, delivery worker) crawls them, and
/// a real aiosmtpd accepts the mail. For every harmful post: its appearance on the drill site → the moment the SMTP
/// server accepted the first mail about its incident (matched by the mail's <c>X-SW-Order-Key: incident:ID</c>),
/// with the stage times the store recorded in between.
/// </summary>
internal sealed class AlertLatencyBenchmark : IBenchmark
{
    private static readonly HashSet<string> Everyday = new(StringComparer.Ordinal) { "normal", "study_tips", "notice", "arrest_news" };

    public string Name => "alert-latency";

    public string Description => "drill-site post → mail accepted by SMTP through the real sw run: p50/p95/max vs P + 5 s, stage breakdown [P seconds=10] [--keep]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var poll = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var keep = args.Contains("--keep");
        if (!(poll > 0))
        {
            Console.Error.WriteLine($"alert-latency: P '{poll}' must be a positive number of seconds");
            return 2;
        }

        var repo = ScenarioKit.RepoRoot();
        var scenario = DrillScenario.Load(Path.Combine(repo, "scenarios", "latency.jsonl"));
        var dir = Path.Combine(Path.GetTempPath(), "sw-latency-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Console.WriteLine($"alert-latency: P = {poll} s, {scenario.Posts.Count} scenario posts ({scenario.Posts.Count(p => !Everyday.Contains(p.Label ?? "normal"))} harmful) over {scenario.Duration:0} s; work dir {dir}");

        // Build the worker before the clock starts, so a build never counts as latency.
        await RunToEndAsync(Launcher(repo, "--help"), cancellationToken).ConfigureAwait(false);

        using var smtp = new ScenarioSmtp(dir);
        smtp.Start();

        // Scenario second 0 is a warm-up after the worker starts: its first crawl (robots.txt, JIT) runs on the
        // everyday pages only, as a long-running worker's would.
        var warmUp = TimeSpan.FromSeconds(Math.Max(20, poll + 10));
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario, Start = DateTimeOffset.UtcNow + warmUp }, cancellationToken).ConfigureAwait(false);
        var (configDir, settings) = WriteConfig(dir, repo, drill, smtp.Port, poll);
        using var worker = Launcher(repo, "--config", configDir, "run");
        foreach (var (key, value) in settings)
        {
            worker.StartInfo.Environment["SW_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var logPath = Path.Combine(dir, "sw-run.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var logOpen = true;
        void Write(string? line)
        {
            lock (log)
            {
                if (line is not null && logOpen)
                {
                    log.WriteLine(line);
                }
            }
        }

        worker.OutputDataReceived += (_, e) => Write(e.Data);
        worker.ErrorDataReceived += (_, e) => Write(e.Data);
        worker.Start();
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();

        var harmful = scenario.Posts.Where(p => !Everyday.Contains(p.Label ?? "normal")).ToList();
        var db = Path.Combine(dir, "data", "sentimentwatch.db");
        var deadline = drill.Start + TimeSpan.FromSeconds(scenario.Duration) + TimeSpan.FromSeconds(poll + 90);
        IReadOnlyList<PostLatency> rows;
        var exitedEarly = false;
        try
        {
            while (DateTimeOffset.UtcNow < deadline && !worker.HasExited)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                if (DateTimeOffset.UtcNow < drill.Start + TimeSpan.FromSeconds(scenario.Duration) || !File.Exists(db))
                {
                    continue;
                }

                rows = LatencyProbe.Measure(db, smtp.Messages(), drill, harmful);
                // Done when every harmful post has either reached a mailbox or been judged harmless by the classifier.
                if (rows.All(r => r.Accepted is not null || r.Label == Labels.Normal))
                {
                    break;
                }
            }
        }
        finally
        {
            exitedEarly = worker.HasExited;
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }

            await worker.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            lock (log)
            {
                logOpen = false;
                log.Dispose();
            }
        }

        if (exitedEarly)
        {
            // A worker that stops by itself (refused configuration, missing model) is a failed run, not a latency.
            Console.WriteLine($"  sw run exited by itself with code {worker.ExitCode}; last lines of {logPath}:");
            foreach (var line in File.ReadLines(logPath).TakeLast(20))
            {
                Console.WriteLine("    " + line);
            }

            keep = true;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        rows = File.Exists(db) ? LatencyProbe.Measure(db, smtp.Messages(), drill, harmful) : [];
        var ok = LatencyReport.Print(rows, poll, smtp.Messages().Count) && !exitedEarly;
        smtp.Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!keep)
        {
            Directory.Delete(dir, recursive: true);
        }

        return ok ? 0 : 1;
    }

    /// <summary>
    /// A configuration directory with the product's base and alerting settings, plus (as <c>SW_</c> variables) the
    /// drill sources at P, the store in the work directory and loopback ports.
    /// </summary>
    private static (string ConfigDir, Dictionary<string, string?> Settings) WriteConfig(string dir, string repo, DrillServer drill, int smtpPort, double poll)
    {
        var config = Path.Combine(dir, "config");
        Directory.CreateDirectory(Path.Combine(config, "conf.d"));
        File.Copy(Path.Combine(repo, "config", "sentimentwatch.json"), Path.Combine(config, "sentimentwatch.json"));
        File.Copy(Path.Combine(repo, "config", "conf.d", "10-calendar.json"), Path.Combine(config, "conf.d", "10-calendar.json"));
        File.Copy(Path.Combine(repo, "config", "conf.d", "30-alerting.json"), Path.Combine(config, "conf.d", "30-alerting.json"));
        var ack = ScenarioKit.FreePort();
        var keys = new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromSeconds(poll)), StringComparer.Ordinal)
        {
            ["Paths:Data"] = Path.Combine(dir, "data"),
            ["Paths:Models"] = Path.Combine(repo, "models"),
            ["Crawler:Profiles"] = Path.Combine(repo, "config", "profiles"),
            ["Alerting:Routing:Channels:mail:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Alerting:Ack:Listen"] = $"http://127.0.0.1:{ack}",
            ["Alerting:Ack:BaseUrl"] = $"http://127.0.0.1:{ack}",
            ["Console:Listen"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        return (config, keys);
    }

    private static Process Launcher(string repo, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(repo, "sw"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return new Process { StartInfo = psi };
    }

    private static async Task RunToEndAsync(Process process, CancellationToken cancellationToken)
    {
        using (process)
        {
            process.Start();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"./sw --help failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
            }
        }
    }
}
