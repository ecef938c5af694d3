using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Scheduling;

/// <summary>
/// Quartz adapter: one job per source. <see cref="DisallowConcurrentExecutionAttribute"/> makes a slow run delay the
/// next one of the same source instead of overlapping it; all logic lives in <see cref="ISourceRunner"/>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CrawlJob(ISourceRunner runner, IOptions<CrawlerOptions> crawler) : IJob
{
    public const string SourceIdKey = "source";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = context.MergedJobDataMap.GetString(SourceIdKey);
        var source = crawler.Value.Sources.FirstOrDefault(s => s.Id == id)
            ?? throw new JobExecutionException($"source '{id}' is not configured");
        await runner.RunAsync(source, cancellationToken).ConfigureAwait(false);
    }
}
