using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Pipeline;

/// <summary>The behaviour switches and request accounting every site shares.</summary>
public sealed class SiteHostTests
{
    private static readonly DrillScenario Small = Some.Scenario(
        Some.Root(DrillSite.Tieba, "t1", at: 0, title: "甲"),
        Some.Root(DrillSite.Tieba, "t2", at: 0, title: "乙"),
        Some.Root(DrillSite.Tieba, "t3", at: 0, title: "丙"),
        Some.Root(DrillSite.Discuz, "d1", at: 0, title: "丁"),
        Some.Root(DrillSite.Weibo, "w1", at: 0),
        Some.Reply(DrillSite.Weibo, "wc", "w1", at: 0),
        Some.Root(DrillSite.News, "n1", at: 0, title: "戊"),
        Some.Reply(DrillSite.News, "nc", "n1", at: 0),
        Some.Root(DrillSite.Feeds, "f1", at: 0, title: "己"));

    private const string TiebaList = "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0";

    private static string ListOf(DrillSite site, DrillServer s) => site switch
    {
        DrillSite.Tieba => TiebaList,
        DrillSite.Discuz => "forum.php?mod=forumdisplay&fid=2",
        DrillSite.Weibo => "api/container/getIndex?containerid=102803&page=1",
        DrillSite.News => $"api/comments?newsid={s.PlatformIdOf("n1")}&page=1",
        _ => "rss.xml",
    };

    [Fact]
    public async Task RobotsTxt_EverySite_DisallowsPrivatePath()
    {
        await using var d = await Drill.StartAsync(Small);
        foreach (var site in Enum.GetValues<DrillSite>())
        {
            var (status, text, response) = await d.TextAsync(site, "robots.txt");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("User-agent: *", text, StringComparison.Ordinal);
            Assert.Contains("Disallow: /private/", text, StringComparison.Ordinal);
        }

        d.Server.Control(DrillSite.News).RobotsTxt = "User-agent: *\nDisallow: /\n";
        Assert.Equal("User-agent: *\nDisallow: /\n", (await d.TextAsync(DrillSite.News, "robots.txt")).Text);
        Assert.Equal(1, d.Server.RequestCount(DrillSite.Tieba, "/robots.txt"));
        Assert.Equal(0, d.Server.RequestCount(DrillSite.Tieba, "/private/"));
    }

    [Fact]
    public async Task RateLimit_OverLimit_429WithRetryAfterUntilWindowPasses()
    {
        await using var d = await Drill.StartAsync(Small);
        d.Server.Control(DrillSite.Tieba).RateLimit = new DrillRateLimit(2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, TiebaList)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, TiebaList)).StatusCode);
        var limited = await d.GetAsync(DrillSite.Tieba, TiebaList);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, "robots.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2")).StatusCode);

        d.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, TiebaList)).StatusCode);
        Assert.Contains(d.Server.Requests(DrillSite.Tieba), r => r.Status == 429);
    }

    [Fact]
    public async Task RateLimit_Status503_ServiceUnavailableWithRetryAfter()
    {
        await using var d = await Drill.StartAsync(Small);
        d.Server.Control(DrillSite.Weibo).RateLimit = new DrillRateLimit(1, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(120), Status: 503);

        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803")).StatusCode);
        var limited = await d.GetAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), limited.Headers.RetryAfter!.Delta);
    }

    [Theory]
    [InlineData(DrillSite.Tieba, "百度安全验证")]
    [InlineData(DrillSite.Discuz, "访问验证")]
    [InlineData(DrillSite.Weibo, "Sina Visitor System")]
    [InlineData(DrillSite.News, "请完成安全验证")]
    [InlineData(DrillSite.Feeds, "Just a moment...")]
    public async Task Captcha_On_Http200CaptchaPageInsteadOfContent(DrillSite site, string marker)
    {
        await using var d = await Drill.StartAsync(Small);
        d.Server.Control(site).Captcha = true;
        var (status, text, response) = await d.TextAsync(site, ListOf(site, d.Server), site == DrillSite.Discuz ? Drill.Gbk : Encoding.UTF8);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(marker, text, StringComparison.Ordinal);
        Assert.Null(response.Headers.ETag);

        d.Server.Control(site).Captcha = false;
        var (_, normal, _) = await d.TextAsync(site, ListOf(site, d.Server), site == DrillSite.Discuz ? Drill.Gbk : Encoding.UTF8);
        Assert.DoesNotContain(marker, normal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DrillSite.Tieba, "登录百度帐号")]
    [InlineData(DrillSite.Discuz, "抱歉，您尚未登录，没有权限访问该版块")]
    [InlineData(DrillSite.Weibo, "\"ok\":-100")]
    [InlineData(DrillSite.News, "请先登录后查看评论")]
    [InlineData(DrillSite.Feeds, "会员登录")]
    public async Task LoginWall_On_LoginPageWithStatus200(DrillSite site, string marker)
    {
        await using var d = await Drill.StartAsync(Small);
        d.Server.Control(site).LoginWall = true;
        var (status, text, _) = await d.TextAsync(site, ListOf(site, d.Server), site == DrillSite.Discuz ? Drill.Gbk : Encoding.UTF8);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(marker, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConditionalGet_UnchangedPage_304ThenChangedPage_200()
    {
        await using var d = await Drill.StartAsync(Some.Scenario(
            Some.Root(DrillSite.Feeds, "f1", at: 0, title: "一"),
            Some.Root(DrillSite.Feeds, "f2", at: 60, title: "二")));
        var first = await d.GetAsync(DrillSite.Feeds, "rss.xml");
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;
        Assert.Equal(Drill.Start, lastModified);

        var byEtag = await d.GetAsync(DrillSite.Feeds, "rss.xml", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, byEtag.StatusCode);
        Assert.Empty(await byEtag.Content.ReadAsByteArrayAsync());
        d.At(30);
        var byDate = await d.GetAsync(DrillSite.Feeds, "rss.xml", r => r.Headers.IfModifiedSince = lastModified);
        Assert.Equal(HttpStatusCode.NotModified, byDate.StatusCode);

        d.At(90);
        var changed = await d.GetAsync(DrillSite.Feeds, "rss.xml", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(Drill.Start.AddSeconds(90), changed.Content.Headers.LastModified);
        var stale = await d.GetAsync(DrillSite.Feeds, "rss.xml", r => r.Headers.IfModifiedSince = lastModified);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);

        Assert.Equal(5, d.Server.RequestCount(DrillSite.Feeds, "/rss.xml"));
        Assert.Equal(2, d.Server.Requests(DrillSite.Feeds).Count(r => r.Conditional && r.Status == 304));
    }

    [Fact]
    public async Task ConditionalGet_Off_NoValidatorsAndNo304()
    {
        await using var d = await Drill.StartAsync(Small);
        var etag = (await d.GetAsync(DrillSite.Feeds, "rss.xml")).Headers.ETag!;
        d.Server.Control(DrillSite.Feeds).ConditionalGet = false;

        var response = await d.GetAsync(DrillSite.Feeds, "rss.xml", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task FailListPage_Two_FirstPageOkSecondPage500()
    {
        await using var d = await Drill.StartAsync(Small, new DrillPageSizes { TiebaThreads = 2 });
        d.Server.Control(DrillSite.Tieba).FailListPage = 2;

        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, TiebaList)).StatusCode);
        var page2 = await d.GetAsync(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=2");
        Assert.Equal(HttpStatusCode.InternalServerError, page2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, $"p/{d.Server.PlatformIdOf("t1")}")).StatusCode);

        d.Server.Control(DrillSite.Tieba).FailListPage = null;
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=2")).StatusCode);
    }

    [Fact]
    public async Task FailPath_StatusesShow_ThatEndpointAnswers500RestOfSiteWorks()
    {
        await using var d = await Drill.StartAsync(Some.Scenario(Some.Root(DrillSite.Weibo, "w1")));
        var show = "statuses/show?id=" + d.Server.PlatformIdOf("w1");
        d.Server.Control(DrillSite.Weibo).FailPath = "/statuses/show";

        Assert.Equal(HttpStatusCode.InternalServerError, (await d.GetAsync(DrillSite.Weibo, show)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=1")).StatusCode);

        d.Server.Control(DrillSite.Weibo).Reset();
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Weibo, show)).StatusCode);
    }

    [Fact]
    public async Task EmptyLists_On_ListsKeepFrameButHaveNoItems()
    {
        await using var d = await Drill.StartAsync(Small);
        var before = await d.HtmlAsync(DrillSite.Tieba, TiebaList);
        Assert.Equal(3, before.QuerySelectorAll("li.j_thread_list").Length);

        foreach (var site in Enum.GetValues<DrillSite>())
        {
            d.Server.Control(site).EmptyLists = true;
        }

        var after = await d.HtmlAsync(DrillSite.Tieba, TiebaList);
        Assert.NotNull(after.QuerySelector("ul#thread_list"));
        Assert.Empty(after.QuerySelectorAll("li.j_thread_list"));
        var discuz = await d.HtmlAsync(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2");
        Assert.NotNull(discuz.QuerySelector("table#threadlisttableid"));
        Assert.Empty(discuz.QuerySelectorAll("tbody[id^=normalthread_]"));
        var weibo = await d.JsonAsync(DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=1");
        Assert.Empty(weibo.GetProperty("data").GetProperty("cards").EnumerateArray());
        var comments = await d.JsonAsync(DrillSite.News, $"api/comments?newsid={d.Server.PlatformIdOf("n1")}&page=1");
        Assert.Empty(comments.GetProperty("data").GetProperty("comments").EnumerateArray());
        var (_, rss, _) = await d.TextAsync(DrillSite.Feeds, "rss.xml");
        Assert.DoesNotContain("<item>", rss, StringComparison.Ordinal);
        Assert.Contains("<channel>", rss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCharset_Discuz_DeclaresUtf8OverGbkBytes()
    {
        await using var d = await Drill.StartAsync(Small);
        d.Server.Control(DrillSite.Discuz).WrongCharset = true;
        var response = await d.GetAsync(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);
        Assert.Contains("charset=utf-8", Encoding.ASCII.GetString(bytes, 0, 400), StringComparison.Ordinal);
        Assert.Contains("丁", Drill.Gbk.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("丁", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestCount_PathAndExactTarget_CountedSeparately()
    {
        await using var d = await Drill.StartAsync(Small);
        await d.GetAsync(DrillSite.Tieba, TiebaList);
        await d.GetAsync(DrillSite.Tieba, TiebaList);
        await d.GetAsync(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=50");
        await d.GetAsync(DrillSite.Tieba, "private/admin");

        Assert.Equal(3, d.Server.RequestCount(DrillSite.Tieba, "/f"));
        Assert.Equal(2, d.Server.RequestCount(DrillSite.Tieba, "/" + TiebaList));
        Assert.Equal(1, d.Server.RequestCount(DrillSite.Tieba, "/private/admin"));
        Assert.Equal(4, d.Server.TotalRequests(DrillSite.Tieba));
        Assert.Equal(0, d.Server.TotalRequests(DrillSite.Discuz));

        d.Server.ResetRequests();
        Assert.Equal(0, d.Server.TotalRequests(DrillSite.Tieba));
    }

    [Fact]
    public async Task Requests_History_RecordsUserAgentAndStatus()
    {
        await using var d = await Drill.StartAsync(Small);
        await d.GetAsync(DrillSite.News, "nothing-here", r => r.Headers.UserAgent.Add(new ProductInfoHeaderValue("SentimentWatch", "1.0")));

        var r = Assert.Single(d.Server.Requests(DrillSite.News));
        Assert.Equal(("GET", "/nothing-here", 404, "SentimentWatch/1.0"), (r.Method, r.PathAndQuery, r.Status, r.UserAgent));
        Assert.Equal(Drill.Start, r.At);
    }
}
