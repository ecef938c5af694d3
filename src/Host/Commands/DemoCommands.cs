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
        var demoConfig = OldConfigOption("--demo-config");
        var demo = new Command("demo", "Run drill sites + worker + the demo scenario, all on 127.0.0.1, and show what is collected and where (configuration: --config, default config/demo).") { speed, extra, demoConfig };
        demo.SetAction((parse, ct) => RunAsync(ConfigDir(parse, demoConfig), parse.GetValue(speed), parse.GetValue(extra), Console.Out, ct));
        root.Subcommands.Add(demo);
    }

    /// <summary>The old spelling of <c>--config</c> on <c>demo</c> and <c>exercise run</c>: hidden, kept for one release.</summary>
    internal static Option<string?> OldConfigOption(string name) => new(name) { Hidden = true, Description = "Old spelling of --config" };

    /// <summary>
    /// The demo's configuration directory: <c>--config DIR</c> when given (the old <c>--demo-config</c>/<c>--exercise-config</c>
    /// still works, with a notice), else <c>config/demo</c> — never the production <c>config/</c> the global default points at.
    /// </summary>
    internal static string ConfigDir(ParseResult parse, Option<string?> old)
    {
        if (parse.GetValue(old) is { } dir)
        {
            Console.Error.WriteLine($"sw: '{old.Name} DIR' is now '--config DIR'; the old form still works in this release.");
            return dir;
        }

        return CommandLine.ConfigDirOr(parse, Path.Combine("config", "demo"));
    }

    public static async Task<int> RunAsync(string configDir, double speed, int lingerSeconds, TextWriter output, CancellationToken cancellationToken)
    {
        if (speed <= 0 || double.IsNaN(speed))
        {
            await Console.Error.WriteLineAsync($"--speed '{speed}' must be a positive number").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var paths = new PathsOptions();
        var probe = new ConfigurationBuilder();
        SwHost.AddConfiguration(probe, configDir, overrides: null);
        probe.Build().GetSection(PathsOptions.Section).Bind(paths);
        var run = await DrillRun.RunAsync(new DrillRunPlan(configDir, paths.DataPath(), DrillScenario.DemoWithBoards(), speed, lingerSeconds, "demo", new Dictionary<string, string?>(), WithBoards: true), output, cancellationToken).ConfigureAwait(false);
        var (exit, dbPath, mailDir) = (run.Exit, run.DbPath, run.MailDir);
        if (exit == ExitCodes.Usage || !File.Exists(dbPath))
        {
            return exit;
        }

        // Exit 1 is a run that hit storage failures: the summary still shows what was stored, then the demo fails.
        await DemoSummary.PrintAsync(dbPath, configDir, output, CancellationToken.None).ConfigureAwait(false);
        await DemoSummary.PrintMailboxAsync(mailDir, output, CancellationToken.None).ConfigureAwait(false);
        return exit;
    }
}
