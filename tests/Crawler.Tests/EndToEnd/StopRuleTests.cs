using SentimentWatch.Core.Collection;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>The stop rules of list paging — seen item, age, page cap — each said in the run summary.</summary>
public sealed class StopRuleTests
{
    private static int PageRequests(DrillHarness h, int page) =>
        h.Drill.RequestCount(DrillSite.News, $"/news/?page={page}");

    [Theory]
    [InlineData(null, 3)]
    [InlineData("00:05:00", 2)]
    [InlineData("00:02:00", 1)]
    public async Task Run_ListOlderThanMaxAge_StopsAfterThePageThatEndsTooOldAndSaysSo(string? maxAge, int lastPage)
    {
        // The crawler reads the drill's clock: eleven scenario minutes in, the news list shows two articles a page, newest
        // first, published at 540 and 500 s (page 1), 360 and 240 s (page 2), 120 and 20 s (page 3). With MaxAge 2 min,
        // page 1 already ends too old; with 5 min, page 2 does; without MaxAge the walk reads all three.
        // (drill-news is source 4 of the drill configuration.)
        await using var h = await DrillHarness.StartAsync(pageSizes: new DrillPageSizes { NewsArticles = 2 }, settings: new Dictionary<string, string?>
        {
            ["Crawler:Sources:4:MaxAge"] = maxAge,
        });
        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync("drill-news");

        Assert.NotEqual(SourceRunStatus.Failed, report.Status);
        for (var page = 2; page <= 3; page++)
        {
            Assert.True(PageRequests(h, page) > 0 == page <= lastPage, $"page {page} read {PageRequests(h, page)} time(s); the walk should end at page {lastPage}");
        }

        if (maxAge is null)
        {
            Assert.DoesNotContain(report.Notes, n => n.Contains("MaxAge", StringComparison.Ordinal));
        }
        else
        {
            var note = Assert.Single(report.Notes, n => n.StartsWith($"paging stopped at posts older than MaxAge ({maxAge})", StringComparison.Ordinal));
            Assert.Contains($"/news/?page={lastPage}", note, StringComparison.Ordinal);
            var stored = Assert.Single(await h.State.GetRecentRunsAsync("drill-news", 1, CancellationToken.None));
            Assert.Contains(note, stored.Notes);
        }
    }
}
