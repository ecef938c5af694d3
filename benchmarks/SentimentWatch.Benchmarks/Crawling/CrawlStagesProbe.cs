using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.Crawling;

/// <summary>Where crawl time goes: fetch, then parse, of the same drill pages, each timed alone.</summary>
public sealed class CrawlStagesProbe : IBenchmark
{
    public string Name => "crawl-stages";

    public string Description => "time per page for fetching and for parsing, separately (diagnostics for the crawl benchmark)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.Generate(2000, 1, 0) }, cancellationToken).ConfigureAwait(false);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(DrillSourceConfig.For(drill, TimeSpan.FromHours(1)))
        {
            ["Storage:Database"] = Path.Combine(Path.GetTempPath(), "sw-probe-" + Guid.NewGuid().ToString("N"), "p.db"),
            ["Crawler:Fetching:Politeness:Enabled"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddStorage(builder.Configuration).AddCrawler(builder.Configuration);
        using var host = builder.Build();
        var fetcher = host.Services.GetRequiredService<IPageFetcher>();
        var parser = host.Services.GetRequiredService<IPageParser>();
        foreach (var source in host.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources)
        {
            var url = SearchUrls.StartUrls(source)[0].Url;
            FetchResult? last = null;
            var fetch = Stopwatch.StartNew();
            for (var i = 0; i < 30; i++)
            {
                last = await fetcher.FetchAsync(new FetchRequest(url, source.Id), cancellationToken).ConfigureAwait(false);
            }

            fetch.Stop();
            var parse = Stopwatch.StartNew();
            ParsedPage? page = null;
            for (var i = 0; i < 30; i++)
            {
                page = parser.Parse(source, PageRole.List, url, last!.Text ?? "", DateTimeOffset.UtcNow, null);
            }

            parse.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{source.Id,-22} fetch {fetch.Elapsed.TotalMilliseconds / 30,7:0.00} ms/page  parse {parse.Elapsed.TotalMilliseconds / 30,7:0.00} ms/page  ({last!.Outcome}, {page!.Verdict}, {page.Posts.Count} posts, {last.Exchange?.Body.Length ?? 0} bytes)"));
        }

        return 0;
    }
}
