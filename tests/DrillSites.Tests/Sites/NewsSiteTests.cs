using System.Net;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Sites;

public sealed class NewsSiteTests
{
    private static async Task<Drill> StartAsync() => await Drill.StartAsync(Some.Scenario(
        Some.Root(DrillSite.News, "n1", at: 0, title: "三名嫌疑人被抓获", text: "第一段。\n第二段。") with { Source = "东南早报", Edits = [new ScenarioEdit(300, "第一段。\n第二段。\n（更新）", "三名兜售答案嫌疑人被抓获")] },
        Some.Reply(DrillSite.News, "k1", "n1", at: 60, text: "干得漂亮"),
        Some.Reply(DrillSite.News, "k2", "k1", at: 120, text: "同意"),
        Some.Reply(DrillSite.News, "k3", "n1", at: 150, text: "广告 加V信", deletedAt: 200),
        Some.Root(DrillSite.News, "n2", at: 100, title: "考试如期举行", deletedAt: 400)),
        new DrillPageSizes { NewsArticles = 1, NewsComments = 1 });

    [Fact]
    public async Task List_Articles_NewestFirstWithChineseTimes()
    {
        await using var d = await StartAsync();
        d.At(150);
        var doc = await d.HtmlAsync(DrillSite.News, "news/?page=1");

        var item = Assert.Single(doc.QuerySelectorAll("ul.news-list > li.news-item"));
        Assert.Equal("考试如期举行", item.QuerySelector("a.news-title")!.TextContent);
        Assert.Equal("2024年9月14日 10:01", item.QuerySelector("span.news-time")!.TextContent);
        Assert.Equal("news/?page=2", doc.QuerySelector("div.pagination a.next")!.GetAttribute("href")!.TrimStart('/'));
    }

    [Fact]
    public async Task Article_EditedAfterTime_ShowsNewTitleAndUpdateNote()
    {
        await using var d = await StartAsync();
        d.At(320);
        var path = d.Server.UrlOf("n1").PathAndQuery;
        Assert.Equal($"/a/20240914/{d.Server.PlatformIdOf("n1")}.html", path);
        var doc = await d.HtmlAsync(DrillSite.News, path.TrimStart('/'));

        Assert.Equal("三名兜售答案嫌疑人被抓获", doc.QuerySelector("h1.article-title")!.TextContent);
        Assert.Equal("2024年9月14日 10:00", doc.QuerySelector("span.pubtime")!.TextContent);
        Assert.Equal("来源：东南早报", doc.QuerySelector("span.source")!.TextContent);
        Assert.Equal(3, doc.QuerySelectorAll("#artibody p").Length);
        Assert.Equal("（更新于 2024年9月14日 10:05）", doc.QuerySelector("p.article-update")!.TextContent);
        Assert.Equal("2", doc.QuerySelector("span.comment-count")!.TextContent);
    }

    [Fact]
    public async Task Comments_Json_EpochTimesAndPaging()
    {
        await using var d = await StartAsync();
        d.At(160);
        var id = d.Server.PlatformIdOf("n1");
        var page1 = await d.JsonAsync(DrillSite.News, $"api/comments?newsid={id}&page=1");

        var data = page1.GetProperty("data");
        Assert.Equal((3, true), (data.GetProperty("total").GetInt32(), data.GetProperty("has_more").GetBoolean()));
        var c = Assert.Single(data.GetProperty("comments").EnumerateArray());
        Assert.Equal("广告 加V信", c.GetProperty("content").GetString());
        Assert.Equal(Drill.Start.AddSeconds(150).ToUnixTimeSeconds(), c.GetProperty("time").GetInt64());

        var page2 = await d.JsonAsync(DrillSite.News, $"api/comments?newsid={id}&page=2");
        var reply = Assert.Single(page2.GetProperty("data").GetProperty("comments").EnumerateArray());
        Assert.Equal(d.Server.PlatformIdOf("k1"), reply.GetProperty("reply_to").GetInt64());

        d.At(250);
        var after = await d.JsonAsync(DrillSite.News, $"api/comments?newsid={id}&page=1");
        Assert.Equal(2, after.GetProperty("data").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Article_CommentsInPage_PagedByCpageNewestFirst()
    {
        await using var d = await StartAsync();
        d.At(160);
        var path = d.Server.UrlOf("n1").PathAndQuery.TrimStart('/');
        var doc = await d.HtmlAsync(DrillSite.News, path);

        Assert.Equal(d.Server.UrlOf("n1").AbsoluteUri, doc.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("3", doc.QuerySelector(".comment-total")!.TextContent);
        var first = Assert.Single(doc.QuerySelectorAll(".comment-list .comment-item"));
        Assert.Equal("广告 加V信", first.QuerySelector(".comment-content")!.TextContent);
        Assert.Equal("2024年9月14日 10:02", first.QuerySelector(".comment-time")!.TextContent);
        var next = doc.QuerySelector(".comment-pager a.next")!.GetAttribute("href")!;

        var page2 = await d.HtmlAsync(DrillSite.News, next.TrimStart('/'));
        var reply = Assert.Single(page2.QuerySelectorAll(".comment-list .comment-item"));
        Assert.Equal(d.Server.PlatformIdOf("k1").ToString(System.Globalization.CultureInfo.InvariantCulture), reply.GetAttribute("data-reply-to"));
        Assert.Equal("考生乙", reply.QuerySelector(".comment-user")!.TextContent);
    }

    [Fact]
    public async Task Article_Deleted_Gone410()
    {
        await using var d = await StartAsync();
        d.At(450);
        var (status, text, _) = await d.TextAsync(DrillSite.News, d.Server.UrlOf("n2").PathAndQuery.TrimStart('/'));

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("该文章已被删除", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Query_FindsArticle()
    {
        await using var d = await StartAsync();
        d.At(150);
        var doc = await d.HtmlAsync(DrillSite.News, "search?q=" + Uri.EscapeDataString("嫌疑人"));

        Assert.Equal("三名嫌疑人被抓获", Assert.Single(doc.QuerySelectorAll("li.result a.result-title")).TextContent);
    }
}
