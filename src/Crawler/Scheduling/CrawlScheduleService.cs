using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Scheduling;

/// <summary>
/// Puts one Quartz job per enabled source on the scheduler, on the source's cron expression or interval, first run
/// immediately. On shutdown it interrupts running crawls (each page commit is atomic, so nothing is half-stored) so the
/// scheduler can stop promptly.
/// </summary>
internal sealed class CrawlScheduleService(ISchedulerFactory schedulers, IOptions<CrawlerOptions> crawler, TimeProvider time) : IHostedService
{
    public const string JobGroup = "crawl";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var source in crawler.Value.Sources.Where(s => s.Enabled))
        {
            var job = JobBuilder.Create<CrawlJob>()
                .WithIdentity(source.Id, JobGroup)
                .UsingJobData(CrawlJob.SourceIdKey, source.Id)
                .Build();
            await scheduler.ScheduleJob(job, [Trigger(source)], new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        }
    }

    private ITrigger Trigger(SourceOptions source)
    {
        var builder = TriggerBuilder.Create().WithIdentity(source.Id, JobGroup).StartAt(time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(source.Cron))
        {
            // Cron sources still run once at start-up: an outage or restart must not wait for the next slot.
            return builder.WithCronSchedule(source.Cron, c => c.InTimeZone(ChinaTimeZone.Value)).Build();
        }

        var interval = source.Interval ?? TimeSpan.FromMinutes(5);
        return builder.WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()).Build();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var source in crawler.Value.Sources.Where(s => s.Enabled))
        {
            await scheduler.Interrupt(new JobKey(source.Id, JobGroup), cancellationToken).ConfigureAwait(false);
        }
    }

    private static class ChinaTimeZone
    {
        /// <summary>Cron expressions are written in Beijing time; a fixed UTC+8 zone needs no tz database.</summary>
        public static readonly Lazy<TimeZoneInfo> Lazy = new(() =>
            TimeZoneInfo.CreateCustomTimeZone("China Standard Time (UTC+8)", SentimentWatch.Core.Time.ChinaTime.Offset, "UTC+8", "UTC+8"));

        public static TimeZoneInfo Value => Lazy.Value;
    }
}
