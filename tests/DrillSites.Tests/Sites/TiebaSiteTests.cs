using System.Net;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Sites;

public sealed class TiebaSiteTests
{
    private const string Kw = "%E6%B3%95%E8%80%83"; // 法考

    private static async Task<Drill> StartAsync() => await Drill.StartAsync(Some.Scenario(
        Some.Root(DrillSite.Tieba, "t1", at: 0, title: "客观题复习交流", text: "第一行\n第二行"),
        Some.Reply(DrillSite.Tieba, "f2", "t1", at: 10, text: "二楼"),
        Some.Reply(DrillSite.Tieba, "l1", "f2", at: 20, text: "楼中楼回复", author: "丙"),
        Some.Reply(DrillSite.Tieba, "l2", "l1", at: 25, text: "再回复"),
        Some.Reply(DrillSite.Tieba, "f3", "t1", at: 30, text: "三楼会被删", deletedAt: 90),
        Some.Reply(DrillSite.Tieba, "f4", "t1", at: 40, text: "四楼"),
        Some.Root(DrillSite.Tieba, "t2", at: 60, title: "出售答案 加V信", deletedAt: 120),
        Some.Root(DrillSite.Tieba, "t3", at: 70, title: "第三个帖子"),
        Some.Root(DrillSite.Tieba, "t4", at: 80, title: "第四个帖子"),
        Some.Root(DrillSite.Tieba, "other", at: 0, title: "别的吧", board: "考研")),
        new DrillPageSizes { TiebaThreads = 2, TiebaFloors = 2 });

    [Fact]
    public async Task ForumList_TimePasses_ThreadsAppearNewestReplyFirst()
    {
        await using var d = await StartAsync();
        d.At(5);
        var doc = await d.HtmlAsync(DrillSite.Tieba, $"f?kw={Kw}&ie=utf-8&pn=0");
        var titles = doc.QuerySelectorAll("ul#thread_list > li.j_thread_list a.j_th_tit").Select(a => a.TextContent).ToList();
        Assert.Equal(["客观题复习交流"], titles);

        d.At(100);
        doc = await d.HtmlAsync(DrillSite.Tieba, $"f?kw={Kw}&ie=utf-8&pn=0");
        var items = doc.QuerySelectorAll("li.j_thread_list").ToList();
        Assert.Equal(["第四个帖子", "第三个帖子"], items.Select(i => i.QuerySelector("a.j_th_tit")!.TextContent));
        Assert.Equal(d.Server.PlatformIdOf("t4").ToString(System.Globalization.CultureInfo.InvariantCulture), items[0].GetAttribute("data-tid"));
        Assert.Equal("10:01", items[0].QuerySelector("span.threadlist_reply_date")!.TextContent);
        var next = doc.QuerySelector("#frs_list_pager a.next")!.GetAttribute("href");
        Assert.Equal($"/f?kw={Kw}&ie=utf-8&pn=2", next);

        doc = await d.HtmlAsync(DrillSite.Tieba, next!.TrimStart('/'));
        var second = doc.QuerySelectorAll("li.j_thread_list").ToList();
        // t2 was posted at 60 and is still up; t1's last reply (f4 at 40) is older.
        Assert.Equal(["出售答案 加V信", "客观题复习交流"], second.Select(i => i.QuerySelector("a.j_th_tit")!.TextContent));
        Assert.Equal("4", second[1].QuerySelector("span.threadlist_rep_num")!.TextContent);
        Assert.Contains("\"reply_num\":4", second[1].GetAttribute("data-field"), StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("#frs_list_pager a.next"));
    }

    [Fact]
    public async Task Thread_FloorsAndLzl_MarkupAsDocumented()
    {
        await using var d = await StartAsync();
        d.At(50);
        var tid = d.Server.PlatformIdOf("t1");
        var doc = await d.HtmlAsync(DrillSite.Tieba, $"p/{tid}?pn=1");

        Assert.Equal("客观题复习交流", doc.QuerySelector("h3.core_title_txt")!.GetAttribute("title"));
        var floors = doc.QuerySelectorAll("#j_p_postlist > div.l_post").ToList();
        Assert.Equal(2, floors.Count);
        Assert.Equal("第一行第二行", floors[0].QuerySelector("div.d_post_content")!.TextContent.Trim());
        Assert.Single(floors[0].QuerySelectorAll("div.d_post_content br"));
        var tails = floors[1].QuerySelectorAll(".post-tail-wrap span.tail-info").Select(s => s.TextContent).ToList();
        Assert.Equal(["2楼", "2024-09-14 10:00"], tails);
        var lzl = floors[1].QuerySelectorAll("li.lzl_single_post").ToList();
        Assert.Equal(2, lzl.Count);
        Assert.Equal("丙", lzl[0].QuerySelector("a.at")!.GetAttribute("username"));
        Assert.Equal("楼中楼回复", lzl[0].QuerySelector("span.lzl_content_main")!.TextContent);
        Assert.StartsWith("回复 丙 :再回复", lzl[1].QuerySelector("span.lzl_content_main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2024-9-14 10:00", lzl[1].QuerySelector("span.lzl_time")!.TextContent);

        var page2 = await d.HtmlAsync(DrillSite.Tieba, $"p/{tid}?pn=2");
        var more = page2.QuerySelectorAll("#j_p_postlist > div.l_post").Select(f => f.QuerySelector(".tail-info")!.TextContent).ToList();
        Assert.Equal(["3楼", "4楼"], more);
        Assert.Contains(page2.QuerySelectorAll("li.pb_list_pager a"), a => a.TextContent == "首页");
    }

    [Fact]
    public async Task Thread_FloorDeleted_VanishesAndNumbersKeepGap()
    {
        await using var d = await StartAsync();
        d.At(100);
        var doc = await d.HtmlAsync(DrillSite.Tieba, $"p/{d.Server.PlatformIdOf("t1")}?pn=2");

        var floors = doc.QuerySelectorAll("#j_p_postlist > div.l_post").Select(f => f.QuerySelector(".tail-info")!.TextContent).ToList();
        Assert.Equal(["4楼"], floors);
        Assert.DoesNotContain("三楼会被删", doc.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thread_Deleted_DeletedMarkerPage()
    {
        await using var d = await StartAsync();
        d.At(130);
        var doc = await d.HtmlAsync(DrillSite.Tieba, $"p/{d.Server.PlatformIdOf("t2")}");

        Assert.Equal("贴吧404", doc.Title);
        Assert.Contains("该贴已被删除", doc.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thread_NotYetPosted_NotFound()
    {
        await using var d = await StartAsync();
        d.At(10);
        var (status, _, _) = await d.TextAsync(DrillSite.Tieba, $"p/{d.Server.PlatformIdOf("t4")}");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Search_Keyword_FindsThreadsAndReplies()
    {
        await using var d = await StartAsync();
        d.At(50);
        var doc = await d.HtmlAsync(DrillSite.Tieba, "f/search/res?ie=utf-8&qw=" + Uri.EscapeDataString("楼中楼") + "&pn=1");

        var hit = Assert.Single(doc.QuerySelectorAll("div.s_post"));
        Assert.Equal("回复:客观题复习交流", hit.QuerySelector("span.p_title a.bluelink")!.TextContent);
        Assert.Contains($"pid={d.Server.PlatformIdOf("l1")}", hit.QuerySelector("a.bluelink")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("2024-09-14 10:00", hit.QuerySelector("font.p_date")!.TextContent);
    }

    [Fact]
    public async Task ForumList_UnknownBoard_NotFound()
    {
        await using var d = await StartAsync();
        var (status, _, _) = await d.TextAsync(DrillSite.Tieba, "f?kw=nosuchbar&pn=0");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
