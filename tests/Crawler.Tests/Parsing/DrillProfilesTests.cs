using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

/// <summary>
/// The shipped profiles against the drill sites' real pages on loopback: lists, threads, nested replies, comment APIs,
/// GBK search, feeds, and the stand-in pages (captcha, login wall, empty lists, wrong charset) each site can switch on.
/// </summary>
public sealed class DrillProfilesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SourcePageParser _parser = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = TimeSpan.FromSeconds(30) };
    private DrillServer _drill = null!;

    static DrillProfilesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task InitializeAsync()
    {
        _drill = await DrillServer.StartAsync(new DrillOptions { TimeProvider = _time, Scenario = DrillScenario.Demo(), PageSizes = new DrillPageSizes { WeiboCards = 20 } }, CancellationToken.None);
        // Every demo post has appeared (the scenario spans ten minutes); some have been deleted again.
        _time.Advance(TimeSpan.FromMinutes(12));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _drill.DisposeAsync();
    }

    private string Id(string scenarioId) => _drill.PlatformIdOf(scenarioId).ToString(CultureInfo.InvariantCulture);

    private async Task<ParsedPage> ParseAsync(string profile, PageRole role, Uri url)
    {
        using var response = await _http.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Decode by the declared charset, as the fetcher does first.
        var charset = response.Content.Headers.ContentType?.CharSet ?? "utf-8";
        var text = Encoding.GetEncoding(charset.Trim('"')).GetString(bytes);
        return _parser.Parse(Source(profile), role, response.RequestMessage!.RequestUri!, text, _time.GetUtcNow(), null);
    }

    private Uri On(DrillSite site, string relative) => new(_drill.BaseUri(site), relative);

    [Fact]
    public async Task Tieba_ListThreadAndNestedReplies_IdsAndParentsMatchTheScenario()
    {
        var list = await ParseAsync("tieba", PageRole.List, On(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0"));
        Assert.Equal(PageVerdict.Content, list.Verdict);
        var tid = Id("tb-1");
        var listed = Assert.Single(list.Posts, p => p.PlatformPostId == tid);
        Assert.Equal("【经验】二战过线，客观题复习时间表分享", listed.Title);
        Assert.Contains(On(DrillSite.Tieba, "p/" + tid), list.DetailLinks);

        var thread = await ParseAsync("tieba", PageRole.Detail, On(DrillSite.Tieba, "p/" + tid));
        Assert.Equal(PageVerdict.Content, thread.Verdict);
        var main = thread.Posts[0];
        Assert.Equal(tid, main.PlatformPostId);
        Assert.Null(main.ParentPlatformPostId);
        Assert.StartsWith("去年差8分，今年客观题过了。\n1. 7月前", main.Text);
        var byId = thread.Posts.ToDictionary(p => p.PlatformPostId);
        Assert.Equal(tid, byId[Id("tb-1-1")].ParentPlatformPostId);
        Assert.Equal(Id("tb-1-1"), byId[Id("tb-1-1a")].ParentPlatformPostId);
        Assert.Equal(Id("tb-1-1"), byId[Id("tb-1-1b")].ParentPlatformPostId);
        Assert.Equal("谢谢楼主，我试试", byId[Id("tb-1-1b")].Text.Split(':')[^1].Trim());
        Assert.All(thread.Posts, p => Assert.Equal(tid, p.ThreadId));
        Assert.All(thread.Posts, p => Assert.NotNull(p.PublishedAtUtc));
        Assert.DoesNotContain(Id("tb-1-3"), byId.Keys);
    }

    [Fact]
    public async Task Discuz_GbkListThreadAndSearch_ReadWithBlockedFloorsAsDeletions()
    {
        var list = await ParseAsync("discuz", PageRole.List, On(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=1"));
        Assert.Equal(PageVerdict.Content, list.Verdict);
        var tid = Id("dz-1");
        Assert.Equal("主观题论述题答题模板分享", Assert.Single(list.Posts, p => p.PlatformPostId == tid).Title);

        var thread = await ParseAsync("discuz", PageRole.Detail, On(DrillSite.Discuz, $"forum.php?mod=viewthread&tid={tid}&page=1"));
        Assert.Equal(PageVerdict.Content, thread.Verdict);
        Assert.Equal(tid, thread.Posts[0].PlatformPostId);
        Assert.StartsWith("论述题我总结了三段式", thread.Posts[0].Text);
        var reply = Assert.Single(thread.Posts, p => p.PlatformPostId == Id("dz-1-1"));
        Assert.Equal(tid, reply.ParentPlatformPostId);
        Assert.Equal("很实用，收藏了", reply.Text);
        Assert.Contains(Id("dz-1-4"), thread.Deleted);
        Assert.DoesNotContain(thread.Posts, p => p.PlatformPostId == Id("dz-1-4"));

        var search = Source("discuz", extra: new Dictionary<string, string?>
        {
            ["SearchUrlTemplate"] = new Uri(_drill.BaseUri(DrillSite.Discuz), "search.php?mod=forum&srchtxt={keyword}&searchsubmit=yes&page={page}").AbsoluteUri.Replace("%7B", "{").Replace("%7D", "}"),
            ["Keywords:0"] = "答题模板",
        });
        var found = await ParseAsync("discuz", PageRole.List, SearchUrls.Expand(search, "答题模板", 1));
        Assert.Equal(PageVerdict.Content, found.Verdict);
        Assert.Contains(found.Posts, p => p.PlatformPostId == tid && p.Title == "主观题论述题答题模板分享");
    }

    [Fact]
    public async Task Weibo_TimelineCommentsAndLongText_RepliesPointAtTheirParents()
    {
        var timeline = await ParseAsync("weibo", PageRole.List, On(DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=1"));
        Assert.Equal(PageVerdict.Content, timeline.Verdict);
        var mid = Id("wb-1");
        Assert.Contains(timeline.Posts, p => p.PlatformPostId == mid);
        Assert.DoesNotContain(timeline.Posts, p => p.PlatformPostId == Id("wb-2"));

        var commentsLink = Assert.Single(timeline.DetailLinks, u => u.AbsoluteUri.Contains("/comments/hotflow?id=" + mid, StringComparison.Ordinal));
        var comments = await ParseAsync("weibo", PageRole.Detail, commentsLink);
        Assert.Equal(PageVerdict.Content, comments.Verdict);
        var byId = comments.Posts.ToDictionary(p => p.PlatformPostId);
        Assert.Equal(mid, byId[Id("wb-1-1")].ParentPlatformPostId);
        Assert.Equal(Id("wb-1-2"), byId[Id("wb-1-3")].ParentPlatformPostId);
        Assert.All(comments.Posts, p => Assert.Equal(mid, p.ThreadId));

        var longMid = Id("wb-9");
        var truncated = Assert.Single(timeline.Posts, p => p.PlatformPostId == longMid);
        var fullLink = Assert.Single(timeline.DetailLinks, u => u.AbsoluteUri.Contains("/statuses/extend?id=" + longMid, StringComparison.Ordinal));
        var full = await ParseAsync("weibo", PageRole.Detail, fullLink);
        var post = Assert.Single(full.Posts);
        Assert.Equal(longMid, post.PlatformPostId);
        Assert.Null(post.ParentPlatformPostId);
        Assert.True(post.Text.Length > truncated.Text.Length);
        Assert.Equal(Squash(_drill.Scenario.Find("wb-9")!.Text), Squash(post.Text));
    }

    private static string Squash(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public async Task News_ListArticleAndCommentsApi_CommentsHangOffTheArticle()
    {
        var list = await ParseAsync("news", PageRole.List, On(DrillSite.News, "news/?page=1"));
        Assert.Equal(PageVerdict.Content, list.Verdict);
        var articleId = Id("nw-1");
        var listed = Assert.Single(list.Posts, p => p.PlatformPostId == articleId);
        Assert.StartsWith("司法部：2024年法考客观题", listed.Title);

        var article = await ParseAsync("news", PageRole.Detail, listed.Url);
        Assert.Equal(PageVerdict.Content, article.Verdict);
        // The article page shows the first comments inline too; the article itself is the one without a parent.
        var main = Assert.Single(article.Posts, p => p.ParentPlatformPostId is null);
        Assert.Equal(articleId, main.PlatformPostId);
        Assert.All(article.Posts.Where(p => p != main), p => Assert.Equal(articleId, p.ThreadId));
        Assert.StartsWith("记者从司法部获悉", main.Text);
        Assert.NotNull(main.PublishedAtUtc);
        var api = Assert.Single(article.DetailLinks);

        var comments = await ParseAsync("news", PageRole.Detail, api);
        Assert.Equal(PageVerdict.Content, comments.Verdict);
        var byId = comments.Posts.ToDictionary(p => p.PlatformPostId);
        Assert.Equal(articleId, byId[Id("nw-1-1")].ParentPlatformPostId);
        Assert.Equal(Id("nw-1-2"), byId[Id("nw-1-3")].ParentPlatformPostId);
        Assert.Equal("辟谣及时，点赞", byId[Id("nw-1-1")].Text);
        Assert.All(comments.Posts, p => Assert.Equal(articleId, p.ThreadId));
        Assert.All(comments.Posts, p => Assert.NotNull(p.PublishedAtUtc));
    }

    [Theory]
    [InlineData("rss.xml")]
    [InlineData("atom.xml")]
    public async Task Feeds_RssAndAtom_EveryItemWithTimeAndAuthor(string path)
    {
        var feed = await ParseAsync("rss", PageRole.List, On(DrillSite.Feeds, path));
        Assert.Equal(PageVerdict.Content, feed.Verdict);
        Assert.NotEmpty(feed.Posts);
        Assert.All(feed.Posts, p =>
        {
            Assert.NotNull(p.PublishedAtUtc);
            Assert.False(string.IsNullOrEmpty(p.Author.DisplayName));
            Assert.StartsWith(_drill.BaseUri(DrillSite.Feeds).AbsoluteUri, p.Url.AbsoluteUri, StringComparison.Ordinal);
        });
    }

    public static TheoryData<string, DrillSite, string> ListPages => new()
    {
        { "tieba", DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0" },
        { "discuz", DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=1" },
        { "weibo", DrillSite.Weibo, "api/container/getIndex?containerid=102803&page=1" },
        { "news", DrillSite.News, "news/?page=1" },
        { "rss", DrillSite.Feeds, "rss.xml" },
    };

    [Theory]
    [MemberData(nameof(ListPages))]
    public async Task Parse_CaptchaSwitchedOn_CaptchaNotAnEmptyPage(string profile, DrillSite site, string path)
    {
        _drill.Control(site).Captcha = true;
        try
        {
            var page = await ParseAsync(profile, PageRole.List, On(site, path));
            Assert.Equal(PageVerdict.Captcha, page.Verdict);
        }
        finally
        {
            _drill.Control(site).Reset();
        }
    }

    [Theory]
    [MemberData(nameof(ListPages))]
    public async Task Parse_LoginWallSwitchedOn_LoginWall(string profile, DrillSite site, string path)
    {
        _drill.Control(site).LoginWall = true;
        try
        {
            var page = await ParseAsync(profile, PageRole.List, On(site, path));
            Assert.Equal(PageVerdict.LoginWall, page.Verdict);
        }
        finally
        {
            _drill.Control(site).Reset();
        }
    }

    [Theory]
    [MemberData(nameof(ListPages))]
    public async Task Parse_EmptyListsSwitchedOn_ContentWithZeroPostsAndNoNextPage(string profile, DrillSite site, string path)
    {
        _drill.Control(site).EmptyLists = true;
        try
        {
            var page = await ParseAsync(profile, PageRole.List, On(site, path));
            Assert.Equal(PageVerdict.Content, page.Verdict);
            Assert.Empty(page.Posts);
            Assert.Null(page.NextPage);
        }
        finally
        {
            _drill.Control(site).Reset();
        }
    }

    [Fact]
    public async Task Parse_DiscuzWrongCharsetDeclared_NotParseable()
    {
        _drill.Control(DrillSite.Discuz).WrongCharset = true;
        try
        {
            var page = await ParseAsync("discuz", PageRole.List, On(DrillSite.Discuz, "forum.php?mod=forumdisplay&fid=2&page=1"));
            Assert.Equal(PageVerdict.NotParseable, page.Verdict);
            Assert.Contains("wrong charset", page.VerdictReason);
        }
        finally
        {
            _drill.Control(DrillSite.Discuz).Reset();
        }
    }
}
