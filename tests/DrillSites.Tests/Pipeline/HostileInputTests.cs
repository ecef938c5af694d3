using System.Net;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Pipeline;

public sealed class HostileInputTests
{
    [Theory]
    [InlineData(DrillSite.Tieba, "f?kw=%FF%FE%ZZ&pn=-5")]
    [InlineData(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&pn=2147483647")]
    [InlineData(DrillSite.Tieba, "p/99999999999999999999999?pn=-1")]
    [InlineData(DrillSite.Tieba, "f/search/res?qw=&pn=2147483647")]
    [InlineData(DrillSite.Discuz, "forum.php?mod=viewthread&tid=abc&page=99999999999")]
    [InlineData(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=2147483647")]
    [InlineData(DrillSite.Discuz, "forum.php?mod=redirect&goto=findpost&ptid=1000&pid=x")]
    [InlineData(DrillSite.Discuz, "search.php?mod=forum&srchtxt=%81&page=-3")]
    [InlineData(DrillSite.Weibo, "api/container/getIndex?containerid=107603abc&page=-1")]
    [InlineData(DrillSite.Weibo, "api/container/getIndex?containerid=100103type%3D1%26q%3D&page=2147483647")]
    [InlineData(DrillSite.Weibo, "comments/hotflow?id=&max_id=-9")]
    [InlineData(DrillSite.Weibo, "statuses/show?id=%00")]
    [InlineData(DrillSite.News, "a/2024/x.html")]
    [InlineData(DrillSite.News, "api/comments?newsid=1000&page=2147483647&pagesize=-4")]
    [InlineData(DrillSite.News, "search?q=%F0%9F&page=abc")]
    [InlineData(DrillSite.Feeds, "item/.html")]
    [InlineData(DrillSite.Feeds, "item/99999999999999999999.html")]
    public async Task Get_HostileQuery_AnswersWithoutServerError(DrillSite site, string relative)
    {
        await using var d = await Drill.StartAsync();
        d.At(300);
        var response = await d.GetAsync(site, relative);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{site} {relative} → {response.StatusCode}");
    }
}
