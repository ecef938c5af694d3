using SentimentWatch.Crawler.Scheduling;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Tests.Scheduling;

/// <summary>First-run spreading of <see cref="CrawlScheduleService"/> for sources that share a host.</summary>
public sealed class StartOffsetsTests
{
    private static SourceOptions Source(string id, string url, TimeSpan? interval = null, string? cron = null) =>
        new() { Id = id, Kind = SourceKind.Html, Urls = [url], Interval = interval, Cron = cron };

    [Fact]
    public void StartOffsets_TwoSourcesOnOneHost_SecondStartsHalfAnIntervalLater()
    {
        var offsets = CrawlScheduleService.StartOffsets([
            Source("board", "http://bbs.example.cn/forum.php?mod=forumdisplay&fid=2", TimeSpan.FromSeconds(10)),
            Source("search", "http://bbs.example.cn/search.php?mod=forum&srchtxt=x", TimeSpan.FromSeconds(10)),
        ]);

        Assert.Equal(TimeSpan.Zero, offsets["board"]);
        Assert.Equal(TimeSpan.FromSeconds(5), offsets["search"]);
    }

    [Fact]
    public void StartOffsets_SourcesOnDifferentHostsOrCron_AllStartAtOnce()
    {
        var offsets = CrawlScheduleService.StartOffsets([
            Source("tieba", "https://tieba.baidu.com/f?kw=x", TimeSpan.FromMinutes(1)),
            Source("news", "https://news.example.cn/", TimeSpan.FromMinutes(1)),
            Source("news-cron", "https://news.example.cn/list", cron: "0 */5 * * * ?"),
            Source("other-port", "https://news.example.cn:8443/", TimeSpan.FromMinutes(1)),
        ]);

        Assert.Equal(["news", "other-port", "tieba"], offsets.Keys.Order(StringComparer.Ordinal));
        Assert.All(offsets.Values, o => Assert.Equal(TimeSpan.Zero, o));
        Assert.False(offsets.ContainsKey("news-cron"));
    }
}
