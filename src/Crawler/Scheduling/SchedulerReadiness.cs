using Quartz;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.Crawler.Scheduling;

/// <summary>Readiness of the crawl schedule: Quartz's scheduler is running (started, not in standby, not shut down).</summary>
internal sealed class SchedulerReadiness(ISchedulerFactory schedulers) : IReadinessCheck
{
    public string Name => "scheduler";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        IScheduler scheduler;
        try
        {
            scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        }
        catch (SchedulerException ex)
        {
            // A scheduler that was shut down is not handed back: the node no longer schedules crawls.
            return new ReadinessResult(Name, false, "scheduler shutdown: " + ex.Message);
        }

        var status = await scheduler.GetStatus(cancellationToken).ConfigureAwait(false);
        return new ReadinessResult(Name, status == SchedulerStatus.Running, $"scheduler {status.ToString().ToLowerInvariant()}");
    }
}
