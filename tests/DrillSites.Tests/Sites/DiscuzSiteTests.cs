using System.Net;
using System.Text;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Sites;

public sealed class DiscuzSiteTests
{
    private static async Task<Drill> StartAsync() => await Drill.StartAsync(Some.Scenario(
        Some.Root(DrillSite.Discuz, "d1", at: 0, title: "主观题答题模板", text: "三段式答题😀") with
        {
            Edits = [new ScenarioEdit(200, "三段式答题（已补充）")],
            Engagement = new ScenarioEngagement(0, 0, 100, 0, 0, 30),
        },
        Some.Reply(DrillSite.Discuz, "r1", "d1", at: 20, text: "收藏了"),
        Some.Reply(DrillSite.Discuz, "r2", "d1", at: 40, text: "出售答.案 加V信", deletedAt: 100),
        Some.Reply(DrillSite.Discuz, "r3", "r1", at: 60, text: "同意楼上"),
        Some.Root(DrillSite.Discuz, "d2", at: 30, title: "考试延期是谣言吗"),
        Some.Root(DrillSite.Discuz, "d3", at: 50, title: "资料汇总", board: "资料分享")),
        new DrillPageSizes { DiscuzThreads = 1, DiscuzPosts = 2 });

    [Fact]
    public async Task ForumDisplay_GbkDeclaredInHeaderAndMeta_BytesAreGbk()
    {
        await using var d = await StartAsync();
        var response = await d.GetAsync(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=1");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("gbk", response.Content.Headers.ContentType!.CharSet);
        var text = Drill.Gbk.GetString(bytes);
        Assert.Contains("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" />", text, StringComparison.Ordinal);
        Assert.Contains("主观题答题模板", text, StringComparison.Ordinal);
        Assert.DoesNotContain("主观题答题模板", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForumDisplay_Threads_ListMarkupAndPagination()
    {
        await using var d = await StartAsync();
        d.At(70);
        var doc = await d.HtmlAsync(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=1");

        var tbody = Assert.Single(doc.QuerySelectorAll("table#threadlisttableid > tbody[id^=normalthread_]"));
        Assert.Equal($"normalthread_{d.Server.PlatformIdOf("d1")}", tbody.Id);
        Assert.Equal("主观题答题模板", tbody.QuerySelector("a.s.xst")!.TextContent);
        Assert.Equal("3", tbody.QuerySelector("td.num a.xi2")!.TextContent);
        Assert.Equal("2024-9-14", tbody.QuerySelector("td.by em span")!.TextContent);
        var last = tbody.QuerySelectorAll("td.by")[1];
        Assert.Equal("考生乙", last.QuerySelector("cite a")!.TextContent);
        var span = last.QuerySelector("em a span")!;
        Assert.Equal("2024-9-14 10:01", span.GetAttribute("title"));
        Assert.Equal("10\u00A0秒前", span.TextContent);
        var next = doc.QuerySelector("div.pg a.nxt")!.GetAttribute("href");
        Assert.Equal("forum.php?mod=forumdisplay&fid=2&page=2", next);

        var page2 = await d.HtmlAsync(DrillSite.Discuz, next!);
        Assert.Equal("考试延期是谣言吗", page2.QuerySelector("a.s.xst")!.TextContent);
        Assert.Null(page2.QuerySelector("div.pg a.nxt"));
        var other = await d.HtmlAsync(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=3");
        Assert.Equal("资料汇总", other.QuerySelector("a.s.xst")!.TextContent);
    }

    [Fact]
    public async Task ViewThread_PostsEditQuoteAndBlockedReply_AsDocumented()
    {
        await using var d = await StartAsync();
        d.At(250);
        var tid = d.Server.PlatformIdOf("d1");
        var doc = await d.HtmlAsync(DrillSite.Discuz, $"forum.php?mod=viewthread&tid={tid}&page=1");

        Assert.Equal("主观题答题模板", doc.QuerySelector("span#thread_subject")!.TextContent);
        var posts = doc.QuerySelectorAll("#postlist > div[id^=post_]").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal("楼主", posts[0].QuerySelector("a[id^=postnum] em")!.TextContent);
        Assert.Contains("本帖最后由 考生甲 于 2024-9-14 10:03 编辑", posts[0].QuerySelector("td.t_f i.pstatus")!.TextContent, StringComparison.Ordinal);
        // The emoji is outside GBK, so the forum wrote it as a character reference.
        Assert.Contains("三段式答题（已补充）", posts[0].QuerySelector("td.t_f")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("发表于 4\u00A0分钟前", posts[0].QuerySelector("em[id^=authorposton]")!.TextContent);
        Assert.Equal("2024-9-14 10:00", posts[0].QuerySelector("em[id^=authorposton] span")!.GetAttribute("title"));
        Assert.Equal("考生乙", posts[1].QuerySelector("td.pls .authi a.xw1")!.TextContent);

        var page2 = await d.HtmlAsync(DrillSite.Discuz, $"forum.php?mod=viewthread&tid={tid}&page=2");
        var more = page2.QuerySelectorAll("#postlist > div[id^=post_]").ToList();
        Assert.Equal("提示: 该帖被管理员或版主屏蔽", more[0].QuerySelector("div.locked")!.TextContent);
        Assert.Null(more[0].QuerySelector("td.t_f"));
        Assert.Equal("地板", more[1].QuerySelector("a[id^=postnum] em")!.TextContent);
        Assert.NotNull(more[1].QuerySelector("td.t_f div.quote blockquote"));
        Assert.EndsWith("同意楼上", more[1].QuerySelector("td.t_f")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewThread_EmojiOutsideGbk_WrittenAsCharacterReference()
    {
        await using var d = await StartAsync();
        var (_, text, _) = await d.TextAsync(DrillSite.Discuz, $"forum.php?mod=viewthread&tid={d.Server.PlatformIdOf("d1")}", Drill.Gbk);

        Assert.Contains("三段式答题&#128512;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewThread_Unknown_DiscuzMessagePage()
    {
        await using var d = await StartAsync();
        var doc = await d.HtmlAsync(DrillSite.Discuz, "forum.php?mod=viewthread&tid=999999");

        Assert.Equal("抱歉，指定的主题不存在或已被删除或正在被审核", doc.QuerySelector("div#messagetext p")!.TextContent);
    }

    [Fact]
    public async Task Redirect_FindPost_PointsAtPageOfThePost()
    {
        await using var d = await StartAsync();
        d.At(70);
        var tid = d.Server.PlatformIdOf("d1");
        var response = await d.GetAsync(DrillSite.Discuz, $"forum.php?mod=redirect&goto=findpost&ptid={tid}&pid={d.Server.PlatformIdOf("r3")}");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"forum.php?mod=viewthread&tid={tid}&page=2#pid{d.Server.PlatformIdOf("r3")}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Search_GbkPercentEncodedKeyword_Finds()
    {
        await using var d = await StartAsync();
        d.At(70);
        var gbk = string.Concat(Drill.Gbk.GetBytes("延期").Select(b => $"%{b:X2}"));
        var doc = await d.HtmlAsync(DrillSite.Discuz, $"search.php?mod=forum&srchtxt={gbk}&searchsubmit=yes&page=1");

        var hit = Assert.Single(doc.QuerySelectorAll("#threadlist li.pbw"));
        Assert.Equal("考试延期是谣言吗", hit.QuerySelector("h3 a")!.TextContent);
        Assert.Equal("延期", hit.QuerySelector("h3 a strong font")!.TextContent);
    }

    [Fact]
    public async Task Search_Utf8PercentEncodedKeyword_FindsNothing()
    {
        await using var d = await StartAsync();
        d.At(70);
        var doc = await d.HtmlAsync(DrillSite.Discuz, $"search.php?mod=forum&srchtxt={Uri.EscapeDataString("延期")}&searchsubmit=yes");

        Assert.Empty(doc.QuerySelectorAll("#threadlist li.pbw"));
    }
}
