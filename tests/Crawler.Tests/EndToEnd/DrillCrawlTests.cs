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
}
