using SentimentWatch.Core.Collection;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>The stop rules of list paging — seen item, age, page cap — each said in the run summary.</summary>
public sealed class StopRuleTests
{
    private static int PageTwoRequests(DrillHarness h) =>
        h.Drill.RequestCount(DrillSite.News, "/news/?page=2");

    [Theory]
    [InlineData(null)]
    [InlineData("1.00:00:00")]
    public async Task Run_ListOlderThanMaxAge_StopsAfterThePageThatEndsTooOldAndSaysSo(string? maxAge)
    {
        // The drill's articles carry full dates from 2024 and the crawler runs on today's clock: with MaxAge of a day, page 1
        // already ends with an article older than that, so page 2 is never asked for; without MaxAge the walk goes on.
        // (drill-news is source 4 of the drill configuration.)
        await using var h = await DrillHarness.StartAsync(pageSizes: new DrillPageSizes { NewsArticles = 2 }, settings: new Dictionary<string, string?>
        {
            ["Crawler:Sources:4:MaxAge"] = maxAge,
        });
        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync("drill-news");

        Assert.NotEqual(SourceRunStatus.Failed, report.Status);
        if (maxAge is null)
        {
            Assert.True(PageTwoRequests(h) > 0, "without MaxAge the list walk reads page 2");
            Assert.DoesNotContain(report.Notes, n => n.Contains("MaxAge", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(0, PageTwoRequests(h));
            var note = Assert.Single(report.Notes, n => n.StartsWith("paging stopped at posts older than MaxAge (1.00:00:00)", StringComparison.Ordinal));
            Assert.Contains("/news/?page=1", note, StringComparison.Ordinal);
            var stored = Assert.Single(await h.State.GetRecentRunsAsync("drill-news", 1, CancellationToken.None));
            Assert.Contains(note, stored.Notes);
        }
    }
}
