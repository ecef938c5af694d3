using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Core.Storage;
using SentimentWatch.Classifier;
using SentimentWatch.Cluster;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DutyConsole;
using SentimentWatch.Host.Cli;
using SentimentWatch.Search.Elasticsearch;
using SentimentWatch.Storage.Search;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw run</c> and <c>sw crawler run --source ID --once</c> (old form <c>sw crawl</c>): the worker and one-off crawls.</summary>
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
        // On a clustered store the node first reaches the shared database and makes sure Quartz's tables exist (before
        // the scheduler is built), and starts the scheduler itself once its name is known to be unique.
        builder.Services.AddClusterNode(builder.Configuration);
        var clustered = ClusterServiceCollectionExtensions.IsClustered(builder.Configuration);
        builder.Services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AutoStart = !clustered;
        });
        builder.Services.AddCrawlScheduling(ClusterServiceCollectionExtensions.SchedulerStore(builder.Configuration));
        builder.Services.AddImageReader();
        builder.Services.AddClassificationWorker(builder.Configuration);
        builder.Services.AddSearchIndexer(builder.Configuration).AddElasticsearchIndexer(builder.Configuration);
        builder.Services.AddConsoleServer();
        using var host = builder.Build();
        if (SwHost.Validate(host.Services) is { Count: > 0 } problems)
        {
            return SwHost.RefuseStart(problems);
        }

        var store = StoreName(host.Services);
        var sources = host.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
        // The worker runs every enabled source: a reference one of them cannot resolve refuses it, naming the source.
        var secrets = host.Services.GetRequiredService<UnresolvedSourceSecrets>();
        if (sources.Where(s => s.Enabled).SelectMany(s => secrets.For(s.Id)).ToList() is { Count: > 0 } unresolved)
        {
            return SwHost.RefuseStart(unresolved);
        }

        Console.Error.WriteLine($"sw run: {sources.Count(s => s.Enabled)} source(s) scheduled; store {store}. Ctrl+C stops gracefully.");
        // RunAsync disposes the host: take what the summary needs first.
        var faults = host.Services.GetRequiredService<Core.Storage.StorageFaults>();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            Console.Error.WriteLine($"sw run: not starting: {ex.Message}");
            return ExitCodes.Unavailable;
        }

        return StorageSummary(faults);
    }

    /// <summary>What the store is, for the start line: the SQLite file, or the PostgreSQL server and database (never the connection string).</summary>
    internal static string StoreName(IServiceProvider services) =>
        services.GetService<Storage.PostgreSql.PostgreSqlDatabase>() is { } postgres
            ? $"PostgreSQL {postgres.Where}"
            : services.GetRequiredService<Storage.SqliteDatabase>().Path;

    /// <summary>
    /// A run that hit storage failures ends non-zero and says so: the runs it could not record are missing from the
    /// store's own counts (the demo once showed "bad runs 0" after 172 disk-full errors).
    /// </summary>
    internal static int StorageSummary(Core.Storage.StorageFaults faults)
    {
        if (faults.Total == 0)
        {
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"STORAGE FAILURES: {faults.Total} during this run; first: {faults.FirstReason}; " +
            (faults.Current is { } now ? $"still failing: {now}" : "the store recovered and collection resumed") +
            ". Runs that failed to be recorded are missing from the store's run counts.");
        return ExitCodes.Failed;
    }

    /// <summary>A one-off crawl reads the store's and the crawler's configuration only: an incomplete alerting section never stops it.</summary>
    private static Task<int> CrawlOnceAsync(string configDir, string sourceId, CancellationToken cancellationToken) =>
        Verb.RunAsync(configDir, Uses.Store | Uses.Crawler, async (services, ct) =>
        {
            var sources = services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
            var source = sources.FirstOrDefault(s => string.Equals(s.Id, sourceId, StringComparison.Ordinal));
            if (source is null)
            {
                await Console.Error.WriteLineAsync($"No source '{sourceId}'. Configured: {string.Join(", ", sources.Select(s => s.Id))}").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            if (services.GetRequiredService<UnresolvedSourceSecrets>().For(source.Id) is { Count: > 0 } unresolved)
            {
                return SwHost.RefuseStart(unresolved);
            }

            var report = await services.GetRequiredService<ISourceRunner>().RunAsync(source, ct).ConfigureAwait(false);
            Console.WriteLine(RunReportText.Format(report, services.GetRequiredService<Core.Configuration.SecretRedactor>()));
            var posts = await services.GetRequiredService<IPostStore>().CountPostsAsync(ct).ConfigureAwait(false);
            Console.WriteLine($"store: {StoreName(services)} ({posts} posts)");
            if (StorageSummary(services.GetRequiredService<Core.Storage.StorageFaults>()) != ExitCodes.Ok)
            {
                return ExitCodes.Failed;
            }

            return report.Status == Core.Collection.SourceRunStatus.Failed ? ExitCodes.Failed : ExitCodes.Ok;
        }, cancellationToken);
}
