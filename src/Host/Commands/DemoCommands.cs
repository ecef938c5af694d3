using System.CommandLine;
using Microsoft.Extensions.Configuration;
using SentimentWatch.Core.Configuration;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Cli;

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
        var run = await DrillRun.RunAsync(new DrillRunPlan(configDir, paths.DataPath(), DrillScenario.DemoWithBoards(), speed, lingerSeconds, "demo", new Dictionary<string, string?>(), WithBoards: true), output, cancellationToken).ConfigureAwait(false);
        var (exit, dbPath, mailDir) = (run.Exit, run.DbPath, run.MailDir);
        if (exit == 2 || !File.Exists(dbPath))
        {
            return exit;
        }

        // Exit 1 is a run that hit storage failures: the summary still shows what was stored, then the demo fails.
        await DemoSummary.PrintAsync(dbPath, configDir, output, CancellationToken.None).ConfigureAwait(false);
        await DemoSummary.PrintMailboxAsync(mailDir, output, CancellationToken.None).ConfigureAwait(false);
        return exit;
    }
}
