using System.Text.Json;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Sites;

public sealed class WeiboSiteTests
{
    private static readonly string LongText = "#法考# 复习建议：" + new string('学', 200);

    private static async Task<Drill> StartAsync() => await Drill.StartAsync(Some.Scenario(
        Some.Root(DrillSite.Weibo, "w1", at: 0, text: "#法考# 客观题考试如期举行 @司法部") with
        {
            Author = new ScenarioAuthor("5500000001", "司法部", 3_200_000),
            Engagement = new ScenarioEngagement(10, 100, 0, 2, 10, 0),
        },
        Some.Reply(DrillSite.Weibo, "c1", "w1", at: 30, text: "终于有消息了"),
        Some.Reply(DrillSite.Weibo, "c2", "w1", at: 60, text: "机考别卡就行"),
        Some.Reply(DrillSite.Weibo, "c3", "c2", at: 90, text: "同意"),
        Some.Root(DrillSite.Weibo, "w2", at: 20, text: "卖答.案 加V信", deletedAt: 200),
        Some.Root(DrillSite.Weibo, "w3", at: 40, text: LongText)),
        new DrillPageSizes { WeiboCards = 2, WeiboComments = 1 });

    [Fact]
    public async Task GetIndex_Timeline_CardsFieldsAndNextPage()
    {
        await using var d = await StartAsync();
        d.At(120);
        var root = await d.JsonAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=1");

        Assert.Equal(1, root.GetProperty("ok").GetInt32());
        var data = root.GetProperty("data");
        Assert.Equal(2, data.GetProperty("cardlistInfo").GetProperty("page").GetInt32());
        Assert.Equal(3, data.GetProperty("cardlistInfo").GetProperty("total").GetInt32());
        var mblogs = data.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("mblog")).ToList();
        Assert.Equal([d.Server.PlatformIdOf("w3").ToString(System.Globalization.CultureInfo.InvariantCulture), d.Server.PlatformIdOf("w2").ToString(System.Globalization.CultureInfo.InvariantCulture)],
            mblogs.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("1分钟前", mblogs[0].GetProperty("created_at").GetString());
        Assert.True(mblogs[0].GetProperty("isLongText").GetBoolean());
        Assert.EndsWith("全文</a>", mblogs[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        var page2 = await d.JsonAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=2");
        var m = Assert.Single(page2.GetProperty("data").GetProperty("cards").EnumerateArray()).GetProperty("mblog");
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("data").GetProperty("cardlistInfo").GetProperty("page").ValueKind);
        Assert.Contains("<span class=\"surl-text\">#法考#</span>", m.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<a href='/n/%E5%8F%B8%E6%B3%95%E9%83%A8'>@司法部</a>", m.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("2分钟前", m.GetProperty("created_at").GetString());
        Assert.Equal(3, m.GetProperty("comments_count").GetInt32());
        Assert.Equal(14, m.GetProperty("reposts_count").GetInt32());
        Assert.Equal(120, m.GetProperty("attitudes_count").GetInt32());
        var user = m.GetProperty("user");
        Assert.Equal(5500000001, user.GetProperty("id").GetInt64());
        Assert.Equal("320万", user.GetProperty("followers_count").GetString());

        var past = await d.JsonAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=3");
        Assert.Equal(0, past.GetProperty("ok").GetInt32());
    }

    [Fact]
    public async Task GetIndex_TimePasses_CountsGrowAndTimesAge()
    {
        await using var d = await StartAsync();
        d.At(0);
        var first = await d.JsonAsync(DrillSite.Weibo, "statuses/show?id=" + d.Server.PlatformIdOf("w1"));
        d.At(600);
        var later = await d.JsonAsync(DrillSite.Weibo, "statuses/show?id=" + d.Server.PlatformIdOf("w1"));

        Assert.Equal((10, 100, "刚刚"), (first.GetProperty("data").GetProperty("reposts_count").GetInt32(), first.GetProperty("data").GetProperty("attitudes_count").GetInt32(), first.GetProperty("data").GetProperty("created_at").GetString()));
        Assert.Equal((30, 200, "10分钟前"), (later.GetProperty("data").GetProperty("reposts_count").GetInt32(), later.GetProperty("data").GetProperty("attitudes_count").GetInt32(), later.GetProperty("data").GetProperty("created_at").GetString()));
    }

    [Fact]
    public async Task Search_ContainerWithKeyword_MatchesText()
    {
        await using var d = await StartAsync();
        d.At(120);
        var cid = Uri.EscapeDataString("100103type=1&q=V信");
        var root = await d.JsonAsync(DrillSite.Weibo, $"api/container/getIndex?containerid={cid}&page_type=searchall&page=1");

        var card = Assert.Single(root.GetProperty("data").GetProperty("cards").EnumerateArray());
        Assert.Equal("卖答.案 加V信", card.GetProperty("mblog").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Show_Deleted_WeiboDeletedMarker()
    {
        await using var d = await StartAsync();
        d.At(250);
        var root = await d.JsonAsync(DrillSite.Weibo, "statuses/show?id=" + d.Server.PlatformIdOf("w2"));

        Assert.Equal((0, "20101"), (root.GetProperty("ok").GetInt32(), root.GetProperty("errno").GetString()));
        Assert.Contains("已被作者删除", root.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_LongText_ReturnsFullText()
    {
        await using var d = await StartAsync();
        d.At(120);
        var root = await d.JsonAsync(DrillSite.Weibo, "statuses/extend?id=" + d.Server.PlatformIdOf("w3"));

        Assert.EndsWith(new string('学', 200), root.GetProperty("data").GetProperty("longTextContent").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hotflow_Comments_PagedByMaxIdWithNestedReplies()
    {
        await using var d = await StartAsync();
        d.At(120);
        var mid = d.Server.PlatformIdOf("w1");
        var page1 = await d.JsonAsync(DrillSite.Weibo, $"comments/hotflow?id={mid}&mid={mid}&max_id_type=0");

        var data = page1.GetProperty("data");
        Assert.Equal(3, data.GetProperty("total_number").GetInt32());
        var top = Assert.Single(data.GetProperty("data").EnumerateArray());
        Assert.Equal("机考别卡就行", top.GetProperty("text").GetString());
        var sub = Assert.Single(top.GetProperty("comments").EnumerateArray());
        Assert.Equal("同意", sub.GetProperty("text").GetString());
        var maxId = data.GetProperty("max_id").GetInt64();
        Assert.NotEqual(0, maxId);

        var page2 = await d.JsonAsync(DrillSite.Weibo, $"comments/hotflow?id={mid}&mid={mid}&max_id={maxId}&max_id_type=0");
        Assert.Equal("终于有消息了", Assert.Single(page2.GetProperty("data").GetProperty("data").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(0, page2.GetProperty("data").GetProperty("max_id").GetInt64());
    }

    [Fact]
    public async Task Hotflow_NoComments_OkZeroMessage()
    {
        await using var d = await StartAsync();
        d.At(120);
        var mid = d.Server.PlatformIdOf("w3");
        var root = await d.JsonAsync(DrillSite.Weibo, $"comments/hotflow?id={mid}&mid={mid}&max_id_type=0");

        Assert.Equal((0, "快来发表你的评论吧"), (root.GetProperty("ok").GetInt32(), root.GetProperty("msg").GetString()));
    }

    [Fact]
    public async Task StatusPage_RenderData_CarriesStatus()
    {
        await using var d = await StartAsync();
        d.At(120);
        var (_, html, _) = await d.TextAsync(DrillSite.Weibo, d.Server.UrlOf("w1").PathAndQuery.TrimStart('/'));

        Assert.Contains("var $render_data = [{\"status\": {", html, StringComparison.Ordinal);
        Assert.Contains("客观题考试如期举行", html, StringComparison.Ordinal);
    }
}
