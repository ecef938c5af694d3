using Quartz;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.Crawler.Scheduling;

/// <summary>
/// Readiness of the crawl schedule: Quartz's scheduler is running (started, not in standby, not shut down). On a
/// clustered store the detail names the nodes this one sees and what it makes of each (alive, overdue, failed).
/// </summary>
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
        var detail = $"scheduler {status.ToString().ToLowerInvariant()}";
        var metadata = await scheduler.GetMetadata(cancellationToken).ConfigureAwait(false);
        if (metadata.JobStoreClustered)
        {
            try
            {
                var nodes = await scheduler.QueryClusterNodes(cancellationToken).ConfigureAwait(false);
                detail += $"; clustered store, node {scheduler.SchedulerInstanceId}; nodes: " +
                    string.Join(", ", nodes.Select(n => $"{n.InstanceId} {n.State.ToString().ToLowerInvariant()}"));
            }
            catch (Exception ex) when (ex is SchedulerException or JobPersistenceException)
            {
                return new ReadinessResult(Name, false, $"{detail}; clustered store unreachable: {ex.Message}");
            }
        }

        return new ReadinessResult(Name, status == SchedulerStatus.Running, detail);
    }
}
