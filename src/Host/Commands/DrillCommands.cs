using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw drill</c>: runs the drill sites standalone on 127.0.0.1 until Ctrl+C.</summary>
internal sealed class DrillCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var scenario = new Option<string?>("--scenario") { Description = "Scenario JSONL file (default: the built-in demo scenario)" };
        var port = new Option<int>("--port") { Description = "First port; the five sites listen on PORT..PORT+4 (default 0: ephemeral ports)", DefaultValueFactory = _ => 0 };
        var speed = new Option<double>("--speed") { Description = "Scenario seconds per real second (default 1)", DefaultValueFactory = _ => 1 };
        var logRequests = new Option<bool>("--log-requests") { Description = "Log every answered request to stderr" };
        var cmd = new Command("drill", "Serve the drill sites (Tieba-like, Discuz GBK, Weibo-style API, news, RSS/Atom) on 127.0.0.1 from a scenario");
        cmd.Options.Add(scenario);
        cmd.Options.Add(port);
        cmd.Options.Add(speed);
        cmd.Options.Add(logRequests);
        cmd.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(scenario), parse.GetValue(port), parse.GetValue(speed), parse.GetValue(logRequests), ct).ConfigureAwait(false));
        root.Subcommands.Add(cmd);
    }

    private static async Task<int> RunAsync(string? scenarioPath, int port, double speed, bool logRequests, CancellationToken ct)
    {
        var errors = new List<string>();
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--speed '{speed}' must be a positive number"));
        }

        if (port is < 0 or > 65531)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--port '{port}' must be 0 (ephemeral) or 1..65531 (five consecutive ports are used)"));
        }

        DrillScenario? scenario = null;
        try
        {
            scenario = scenarioPath is null ? DrillScenario.Demo() : DrillScenario.Load(scenarioPath);
        }
        catch (ScenarioFormatException ex)
        {
            errors.Add(ex.Message);
        }
        catch (IOException ex)
        {
            errors.Add($"--scenario '{scenarioPath}' cannot be read: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            errors.Add($"--scenario '{scenarioPath}' cannot be read: {ex.Message}");
        }

        if (errors.Count > 0 || scenario is null)
        {
            foreach (var e in errors)
            {
                await Console.Error.WriteLineAsync(e.AsMemory(), ct).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(logRequests ? LogLevel.Debug : LogLevel.Warning));
        await using var server = await DrillServer.StartAsync(new DrillOptions { Scenario = scenario, Speed = speed, BasePort = port, LoggerFactory = loggerFactory }, ct).ConfigureAwait(false);
        var kw = Uri.EscapeDataString("法考");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drill sites: {scenario.Posts.Count} posts over {scenario.Duration:0} scenario seconds at speed {speed} (Ctrl+C to stop)"));
        Console.WriteLine($"  tieba   {server.BaseUri(DrillSite.Tieba)}f?kw={kw}&ie=utf-8&pn=0");
        Console.WriteLine($"  discuz  {server.BaseUri(DrillSite.Discuz)}forum.php?mod=forumdisplay&fid=2   (GBK)");
        Console.WriteLine($"  weibo   {server.BaseUri(DrillSite.Weibo)}api/container/getIndex?containerid=102803&page=1");
        Console.WriteLine($"  news    {server.BaseUri(DrillSite.News)}news/");
        Console.WriteLine($"  feeds   {server.BaseUri(DrillSite.Feeds)}rss.xml   {server.BaseUri(DrillSite.Feeds)}atom.xml");
        Console.WriteLine("  robots.txt on each; fault endpoints under /_drill/fault/ (huge, redirect-loop, hang, not-html, wrong-charset, 500)");
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: a normal stop.
        }

        return ExitCodes.Ok;
    }
}
