using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Core.Storage;
using SentimentWatch.Classifier;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DutyConsole;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw run</c>, <c>sw crawl</c>: the worker and one-off crawls.</summary>
internal sealed class WorkerCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var run = new Command("run", "Run the worker: every configured source on its schedule, classification, alerting, until Ctrl+C.");
        run.SetAction((parse, ct) => RunWorkerAsync(parse.GetValue(CommandLine.ConfigDir)!, overrides: null, ct));
        root.Subcommands.Add(run);

        var sourceId = new Option<string>("--source") { Description = "Source id (Crawler:Sources:N:Id)", Required = true };
        var once = new Option<bool>("--once") { Description = "Run the source once and exit (the only mode today; kept explicit for scripts)" };
        var crawl = new Command("crawl", "Crawl one source once into the store and print its run report.") { sourceId, once };
        crawl.SetAction((parse, ct) => CrawlOnceAsync(parse.GetValue(CommandLine.ConfigDir)!, parse.GetValue(sourceId)!, ct));
        root.Subcommands.Add(crawl);
    }

    /// <summary>Builds and runs the full worker until cancelled. Used by <c>sw run</c> and <c>sw demo</c>.</summary>
    public static async Task<int> RunWorkerAsync(string configDir, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        var builder = SwHost.CreateBuilder(configDir, overrides);
        // Quartz's hosted service first, so the crawl schedule (registered after it) stops first and can interrupt
        // running crawls before the scheduler waits for them.
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddCrawlScheduling();
        builder.Services.AddClassificationWorker(builder.Configuration);
        builder.Services.AddConsoleServer();
        using var host = builder.Build();
        if (SwHost.Validate(host.Services) is { Count: > 0 } problems)
        {
            return SwHost.RefuseStart(problems);
        }

        var store = host.Services.GetRequiredService<Storage.SqliteDatabase>();
        var sources = host.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
        Console.Error.WriteLine($"sw run: {sources.Count(s => s.Enabled)} source(s) scheduled; store {store.Path}. Ctrl+C stops gracefully.");
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> CrawlOnceAsync(string configDir, string sourceId, CancellationToken cancellationToken)
    {
        using var host = SwHost.CreateBuilder(configDir).Build();
        if (SwHost.Validate(host.Services) is { Count: > 0 } problems)
        {
            return SwHost.RefuseStart(problems);
        }

        var sources = host.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
        var source = sources.FirstOrDefault(s => string.Equals(s.Id, sourceId, StringComparison.Ordinal));
        if (source is null)
        {
            Console.Error.WriteLine($"No source '{sourceId}'. Configured: {string.Join(", ", sources.Select(s => s.Id))}");
            return 2;
        }

        var report = await host.Services.GetRequiredService<ISourceRunner>().RunAsync(source, cancellationToken).ConfigureAwait(false);
        var posts = await host.Services.GetRequiredService<IPostStore>().CountPostsAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(RunReportText.Format(report));
        Console.WriteLine($"store: {host.Services.GetRequiredService<Storage.SqliteDatabase>().Path} ({posts} posts)");
        return report.Status == Core.Collection.SourceRunStatus.Failed ? 1 : 0;
    }
}
