using SentimentWatch.Core.Collection;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>Every source kind crawled for real: fetcher, parser, runner and SQLite against the drill sites.</summary>
public sealed class DrillCrawlTests
{
    [Theory]
    [InlineData("drill-tieba")]
    [InlineData("drill-discuz")]
    [InlineData("drill-discuz-search")]
    [InlineData("drill-weibo")]
    [InlineData("drill-news")]
    [InlineData("drill-rss")]
    [InlineData("drill-atom")]
    public async Task Run_EachSourceKind_CollectsPostsWithoutFailures(string sourceId)
    {
        await using var h = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync(sourceId);

        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        Assert.True(report.NewPosts > 0, $"{sourceId} stored no posts");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_RobotsTxtDisallowsTheFeed_RobotsFailureUnlessTheSourceOptsOut(bool respectRobots)
    {
        // drill-rss is source 5 of the drill configuration; RespectRobotsTxt is the documented per-source override.
        await using var h = await DrillHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Crawler:Sources:5:RespectRobotsTxt"] = respectRobots ? "true" : "false",
        });
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Drill.Control(DrillSite.Feeds).RobotsTxt = "User-agent: *\nDisallow: /\n";

        var report = await h.RunAsync("drill-rss");

        if (respectRobots)
        {
            Assert.Equal(SourceRunStatus.Failed, report.Status);
            Assert.Equal(SourceFailureKind.RobotsDisallowed, Assert.Single(report.Failures).Kind);
            Assert.Equal(0, report.NewPosts);
            Assert.Equal(0, h.Drill.RequestCount(DrillSite.Feeds, "/rss.xml"));
        }
        else
        {
            Assert.Equal(SourceRunStatus.Ok, report.Status);
            Assert.True(report.NewPosts > 0);
        }
    }
}
