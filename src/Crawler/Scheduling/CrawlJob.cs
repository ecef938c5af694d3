using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Scheduling;

/// <summary>
/// Quartz adapter: one job per source. <see cref="DisallowConcurrentExecutionAttribute"/> makes a slow run delay the
/// next one of the same source instead of overlapping it — on a clustered store across every node; all logic lives in
/// <see cref="ISourceRunner"/>. The job data is the source id, a string: nothing in memory, so a stored job can be
/// fired (or recovered) by any node.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CrawlJob(ISourceRunner runner, IOptions<CrawlerOptions> crawler) : IJob
{
    public const string SourceIdKey = "source";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = context.MergedJobDataMap.GetString(SourceIdKey);
        var source = crawler.Value.Sources.FirstOrDefault(s => s.Id == id);
        if (source is not { Enabled: true })
        {
            // A shared (clustered) schedule outlives the configuration that made it: a source since removed or disabled
            // is taken off the schedule by the first node that would have run it.
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken).ConfigureAwait(false);
            return;
        }

        await runner.RunAsync(source, cancellationToken).ConfigureAwait(false);
    }
}
