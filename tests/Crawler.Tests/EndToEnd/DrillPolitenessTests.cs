using System.Diagnostics;
using SentimentWatch.Core.Collection;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>
/// Politeness as the site sees it, on scenario time: the drill stamps every request with its fake clock as it arrives,
/// and the crawler's delays move that clock (<see cref="DelayAdvancingClock"/>), so the shipped delays are checked in
/// full without waiting for them.
/// </summary>
public sealed class DrillPolitenessTests
{
    [Fact]
    public async Task Run_ShippedMinDelay_EachRequestToTheForumStartsTwoSecondsAfterThePrevious()
    {
        await using var h = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var start = h.Clock.GetUtcNow();

        var report = await h.RunAsync("drill-tieba");

        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        var arrivals = h.Drill.Requests(DrillSite.Tieba).OrderBy(r => r.At).ToList();
        Assert.True(arrivals.Count >= 5, $"only {arrivals.Count} request(s): too few to show spacing");
        AssertSpacedBy(arrivals, TimeSpan.FromSeconds(2));
        // The delays were waited on fake time: as many as the gaps, and the run took at least their sum of it.
        Assert.True(h.CrawlerClock!.Delays >= arrivals.Count - 1, $"{h.CrawlerClock.Delays} delay(s) for {arrivals.Count} requests");
        Assert.True(h.Clock.GetUtcNow() - start >= TimeSpan.FromSeconds(2) * (arrivals.Count - 1));
    }

    [Fact]
    public async Task Run_RobotsCrawlDelay30Seconds_RequestsAfterRobotsSpacedByThirtySecondsOfScenarioTimeNotWallTime()
    {
        await using var h = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Drill.Control(DrillSite.Tieba).RobotsTxt = "User-agent: *\nCrawl-delay: 30\nDisallow: /private/\n";
        var wall = Stopwatch.StartNew();

        var report = await h.RunAsync("drill-tieba");
        wall.Stop();

        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        var arrivals = h.Drill.Requests(DrillSite.Tieba).OrderBy(r => r.At).ToList();
        Assert.Equal("/robots.txt", arrivals[0].PathAndQuery);
        var pages = arrivals.Skip(1).ToList();
        Assert.True(pages.Count >= 4, $"only {pages.Count} page request(s): too few to show spacing");
        AssertSpacedBy(pages, TimeSpan.FromSeconds(30));
        var scenario = pages[^1].At - pages[0].At;
        Assert.True(wall.Elapsed < scenario, $"the run took {wall.Elapsed} of wall-clock time for {scenario} of scenario time: the delays were real");
    }

    private static void AssertSpacedBy(IReadOnlyList<DrillRequest> arrivals, TimeSpan gap)
    {
        for (var i = 1; i < arrivals.Count; i++)
        {
            var between = arrivals[i].At - arrivals[i - 1].At;
            Assert.True(between >= gap,
                $"{arrivals[i].PathAndQuery} came {between.TotalSeconds:0.###} s after {arrivals[i - 1].PathAndQuery}; the host asked for {gap.TotalSeconds} s");
        }
    }
}
