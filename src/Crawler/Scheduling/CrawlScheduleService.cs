using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Scheduling;

/// <summary>
/// Puts one Quartz job per enabled source on the scheduler, on the source's cron expression or interval, first run
/// immediately — except that interval sources sharing a host are spread over their interval (see
/// <see cref="StartOffsets"/>). Each job requests recovery: on a clustered store a crawl that was running on a node
/// that died (or was stopped mid-crawl) is run again by another node. Misfires (every node down, or a run that took
/// longer than the interval): the source runs once at once and then keeps its schedule — a backlog of missed runs is
/// never replayed one after the other, and a missed run is never silently skipped. On shutdown the scheduler
/// interrupts running crawls (<c>ShutdownJobInterruption.Always</c>; each page commit is atomic, so nothing is
/// half-stored) so it can stop promptly.
/// </summary>
internal sealed class CrawlScheduleService(ISchedulerFactory schedulers, IOptions<CrawlerOptions> crawler, TimeProvider time) : IHostedService
{
    public const string JobGroup = "crawl";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var offsets = StartOffsets(crawler.Value.Sources.Where(s => s.Enabled));
        foreach (var source in crawler.Value.Sources.Where(s => s.Enabled))
        {
            var job = JobBuilder.Create<CrawlJob>()
                .WithIdentity(source.Id, JobGroup)
                .UsingJobData(CrawlJob.SourceIdKey, source.Id)
                .RequestRecovery()
                .Build();
            await scheduler.ScheduleJob(job, [Trigger(source, offsets.GetValueOrDefault(source.Id))], new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// First-run delays for interval sources that share a host (e.g. a forum's board and its keyword search): the i-th
    /// of n starts i/n of its interval later. Sources on one host share its politeness delay, so starting them together
    /// makes each wait behind the other's pages every run; spread out, a new post waits for one source, not two.
    /// The first source of each host, and every cron source, starts at once.
    /// </summary>
    internal static IReadOnlyDictionary<string, TimeSpan> StartOffsets(IEnumerable<SourceOptions> sources)
    {
        var offsets = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var byHost = sources
            .Where(s => string.IsNullOrWhiteSpace(s.Cron))
            .Select(s => (Source: s, First: SearchUrls.StartUrls(s).FirstOrDefault()))
            .Where(x => x.First is not null)
            .GroupBy(x => Fetching.HostPoliteness.Key(x.First!.Url), x => x.Source, StringComparer.Ordinal);
        foreach (var host in byHost)
        {
            var group = host.ToList();
            for (var i = 0; i < group.Count; i++)
            {
                var interval = group[i].Interval ?? DefaultInterval;
                offsets[group[i].Id] = interval * i / group.Count;
            }
        }

        return offsets;
    }

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);

    private ITrigger Trigger(SourceOptions source, TimeSpan offset)
    {
        var builder = TriggerBuilder.Create().WithIdentity(source.Id, JobGroup).StartAt(time.GetUtcNow() + offset);
        if (!string.IsNullOrWhiteSpace(source.Cron))
        {
            // Cron sources still run once at start-up: an outage or restart must not wait for the next slot.
            return builder.WithCronSchedule(source.Cron, c => c.InTimeZone(ChinaTimeZone.Value).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
        }

        var interval = source.Interval ?? DefaultInterval;
        return builder.WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)).Build();
    }

    /// <summary>
    /// Nothing to do: the scheduler interrupts this node's running crawls itself when it shuts down. (Interrupting by
    /// job key would, on a clustered store, also interrupt the same source's crawl on another node.)
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static class ChinaTimeZone
    {
        /// <summary>Cron expressions are written in Beijing time; a fixed UTC+8 zone needs no tz database.</summary>
        public static readonly Lazy<TimeZoneInfo> Lazy = new(() =>
            TimeZoneInfo.CreateCustomTimeZone("China Standard Time (UTC+8)", SentimentWatch.Core.Time.ChinaTime.Offset, "UTC+8", "UTC+8"));

        public static TimeZoneInfo Value => Lazy.Value;
    }
}
