using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using SentimentWatch.Crawler.Scheduling;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Tests.EndToEnd;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.Scheduling;

/// <summary>
/// <see cref="CrawlScheduleService"/> on a real Quartz scheduler: what it puts on the schedule for each kind of source
/// (read back from the scheduler, which is never started, so nothing runs), and over the drill sites a failing source
/// that keeps failing on its own while the others go on.
/// </summary>
public sealed class CrawlScheduleServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static SourceOptions Source(string id, string url, TimeSpan? interval = null, string? cron = null, bool enabled = true) =>
        new() { Id = id, Kind = SourceKind.Html, Urls = [url], Interval = interval, Cron = cron, Enabled = enabled };

    /// <summary>A real (in-memory, not started) Quartz scheduler with the service's schedule for <paramref name="sources"/> on it.</summary>
    private static async Task<(ServiceProvider Provider, IScheduler Scheduler, IHostedService Schedule)> ScheduleAsync(params SourceOptions[] sources)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton(Options.Create(new CrawlerOptions { Sources = [.. sources] }));
        services.AddCrawlScheduling(q => q.ConfigureScheduler(s => s.InstanceName = "crawl-schedule-test-" + Guid.NewGuid().ToString("N")));
        var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedule = provider.GetServices<IHostedService>().OfType<CrawlScheduleService>().Single();
        await schedule.StartAsync(CancellationToken.None);
        return (provider, scheduler, schedule);
    }

    [Fact]
    public async Task StartAsync_IntervalSources_RecoverableJobsRepeatingForeverSpreadPerHostAndMisfireRunsOnce()
    {
        var (provider, scheduler, _) = await ScheduleAsync(
            Source("board", "http://bbs.example.cn/forum.php?fid=2", TimeSpan.FromSeconds(90)),
            Source("search", "http://bbs.example.cn/search.php?srchtxt=x", TimeSpan.FromSeconds(90)),
            Source("news", "https://news.example.cn/", interval: null));
        await using var _ = provider;
        try
        {
            var board = await scheduler.GetJobDetail(new JobKey("board", CrawlScheduleService.JobGroup));
            Assert.NotNull(board);
            Assert.True(board.RequestsRecovery);
            Assert.Equal("board", board.JobDataMap.GetString(CrawlJob.SourceIdKey));

            var first = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(new TriggerKey("board", CrawlScheduleService.JobGroup)));
            var second = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(new TriggerKey("search", CrawlScheduleService.JobGroup)));
            var alone = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(new TriggerKey("news", CrawlScheduleService.JobGroup)));
            Assert.Equal((TimeSpan.FromSeconds(90), -1), (first.RepeatInterval, first.RepeatCount));
            Assert.Equal(SimpleTriggerMisfireInstruction.NowWithExistingCount, first.MisfireInstruction);
            Assert.Equal(Now, first.StartTimeUtc);
            // The second source on the same host starts half its interval later; a host of its own starts at once.
            Assert.Equal(Now.AddSeconds(45), second.StartTimeUtc);
            Assert.Equal(Now, alone.StartTimeUtc);
            // No interval configured: the default of five minutes.
            Assert.Equal(TimeSpan.FromMinutes(5), alone.RepeatInterval);
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public async Task StartAsync_CronSourceAndDisabledSource_CronInBeijingTimeFiringAtOnceDisabledNotScheduled()
    {
        var (provider, scheduler, _) = await ScheduleAsync(
            Source("morning", "https://news.example.cn/list", cron: "0 0 8 * * ?"),
            Source("off", "https://tieba.example.cn/f?kw=x", TimeSpan.FromMinutes(1), enabled: false));
        await using var _ = provider;
        try
        {
            var cron = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("morning", CrawlScheduleService.JobGroup)));
            Assert.Equal("0 0 8 * * ?", cron.CronExpressionString);
            Assert.Equal(TimeSpan.FromHours(8), cron.TimeZone.BaseUtcOffset);
            Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, cron.MisfireInstruction);
            Assert.Equal(Now, cron.StartTimeUtc);
            Assert.Null(await scheduler.GetJobDetail(new JobKey("off", CrawlScheduleService.JobGroup)));
            Assert.Null(await scheduler.GetTrigger(new TriggerKey("off", CrawlScheduleService.JobGroup)));
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public async Task StartAsync_Twice_ReplacesTheScheduleInsteadOfFailingOnTheExistingJob()
    {
        var (provider, scheduler, schedule) = await ScheduleAsync(Source("board", "http://bbs.example.cn/forum.php?fid=2", TimeSpan.FromMinutes(2)));
        await using var _ = provider;
        try
        {
            // A restart (or a second node on a clustered store) schedules again: the trigger is replaced, starting now.
            ((FakeTimeProvider)provider.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMinutes(10));
            await schedule.StartAsync(CancellationToken.None);
            var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(new TriggerKey("board", CrawlScheduleService.JobGroup)));
            Assert.Equal((Now.AddMinutes(10), TimeSpan.FromMinutes(2)), (trigger.StartTimeUtc, trigger.RepeatInterval));
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public async Task Start_OneSourceFailsEveryRun_WorkerKeepsRunningItAndTheOtherSourceCollects()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Crawler:Sources:7:Id"] = "faulty",
            ["Crawler:Sources:7:Profile"] = "tieba",
            ["Crawler:Sources:7:Outbound:AllowLoopback"] = "true",
            ["Crawler:Sources:7:Interval"] = "00:00:01",
            ["Crawler:Sources:7:DarkAfterRuns"] = "2",
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
        };
        // Only the RSS source (index 5) and the faulty one run; the other drill sources stay quiet.
        foreach (var i in new[] { 0, 1, 2, 3, 4, 6 })
        {
            settings[$"Crawler:Sources:{i}:Enabled"] = "false";
        }

        // The one harness test left on the wall clock. A started Quartz scheduler takes the container's TimeProvider and
        // waits for its next trigger on its own thread; on the harness's clock, which moves when the crawler waits or the
        // test moves it, when a trigger fires would depend on how fast the crawl runs in real time, and a fixed step
        // would race the runs. What this test checks is that a failing source keeps its runs while another collects,
        // not when runs fall; what the service puts on the schedule is checked on fake time by the tests above.
        await using var h = await DrillHarness.StartAsync(settings: settings,
            serverSettings: d => new Dictionary<string, string?> { ["Crawler:Sources:7:Urls:0"] = new Uri(d.BaseUri(DrillSite.Tieba), "_drill/fault/500").AbsoluteUri },
            services: s => s.AddCrawlScheduling(), crawlerOnWallClock: true);
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var scheduler = await h.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedule = h.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "CrawlScheduleService");
        await scheduler.Start();
        await schedule.StartAsync(CancellationToken.None);
        try
        {
            // Wait (bounded) for three runs of the failing source — each came after a failed one — and for the other
            // source's first run to end: the failing source's runs are short, so three of them can end before it.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            IReadOnlyList<SourceRunReport> faulty = [];
            IReadOnlyList<SourceRunReport> rss = [];
            while (faulty.Count < 3 || rss.Count == 0)
            {
                await Task.Delay(100, patience.Token);
                faulty = await h.State.GetRecentRunsAsync("faulty", 10, patience.Token);
                rss = await h.State.GetRecentRunsAsync("drill-rss", 10, patience.Token);
            }

            Assert.All(faulty, r => Assert.Equal(SourceRunStatus.Failed, r.Status));
            Assert.All(faulty, r => Assert.Contains(r.Failures, f => f.Kind == SourceFailureKind.HttpStatus && f.Url!.AbsolutePath == "/_drill/fault/500"));
            Assert.Contains(rss, r => r.Status == SourceRunStatus.Ok && r.NewPosts > 0);
            Assert.Empty(await h.State.GetRecentRunsAsync("drill-tieba", 10, CancellationToken.None));
            var health = await h.State.GetHealthEventsAfterAsync(0, 10, CancellationToken.None);
            Assert.Contains(health, e => e.SourceId == "faulty" && e.ConsecutiveFailures >= 2);
            Assert.DoesNotContain(health, e => e.SourceId == "drill-rss");
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }
}
