using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Tests.EndToEnd;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.Scheduling;

/// <summary>The real Quartz schedule over the drill sites: a failing source keeps failing on its own, the others go on.</summary>
public sealed class CrawlScheduleServiceTests
{
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

        await using var h = await DrillHarness.StartAsync(settings: settings,
            serverSettings: d => new Dictionary<string, string?> { ["Crawler:Sources:7:Urls:0"] = new Uri(d.BaseUri(DrillSite.Tieba), "_drill/fault/500").AbsoluteUri },
            services: s => s.AddCrawlScheduling());
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var scheduler = await h.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedule = h.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "CrawlScheduleService");
        await scheduler.Start();
        await schedule.StartAsync(CancellationToken.None);
        try
        {
            // Wait (bounded) for three runs of the failing source: each came after a failed one.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            IReadOnlyList<SourceRunReport> faulty = [];
            while (faulty.Count < 3)
            {
                await Task.Delay(100, patience.Token);
                faulty = await h.State.GetRecentRunsAsync("faulty", 10, patience.Token);
            }

            Assert.All(faulty, r => Assert.Equal(SourceRunStatus.Failed, r.Status));
            Assert.All(faulty, r => Assert.Contains(r.Failures, f => f.Kind == SourceFailureKind.HttpStatus && f.Url!.AbsolutePath == "/_drill/fault/500"));
            var rss = await h.State.GetRecentRunsAsync("drill-rss", 10, CancellationToken.None);
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
