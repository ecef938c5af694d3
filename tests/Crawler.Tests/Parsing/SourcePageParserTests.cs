using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class SourcePageParserTests
{
    private readonly SourcePageParser _parser = new();

    [Theory]
    [InlineData("tieba", "tieba/list.html", "utf-8", 3)]
    [InlineData("discuz", "discuz/list.html", "gbk", 3)]
    [InlineData("weibo", "weibo/search.json", "utf-8", 2)]
    [InlineData("news", "news/list.html", "utf-8", 2)]
    [InlineData("rss", "rss/rss2.xml", "utf-8", 2)]
    public void Parse_EachProfile_DispatchesToItsKind(string profile, string fixture, string charset, int posts)
    {
        var page = _parser.Parse(Source(profile), PageRole.List, new Uri("https://example.cn/list"), Text(fixture, charset), FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(posts, page.Posts.Count);
    }

    [Theory]
    [InlineData("tieba")]
    [InlineData("weibo")]
    [InlineData("rss")]
    public void Parse_BinaryBody_NotParseable(string profile)
    {
        var png = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(RepoRoot, "tests", "Crawler.Tests", "Fixtures", "pages", "binary.png")));
        var page = _parser.Parse(Source(profile), PageRole.List, new Uri("https://example.cn/x"), png, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n")]
    public void Parse_EmptyBody_NotParseableNamingTheUrl(string body)
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, new Uri("https://example.cn/empty"), body, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("https://example.cn/empty", page.VerdictReason);
    }

    [Fact]
    public void Parse_HugeListPage_AllItemsParsed()
    {
        // A 2 MB list page with 5,000 items: every item is read (nothing silently truncated).
        var item = """<li class=" j_thread_list clearfix" data-tid="{0}"><a class="j_th_tit" href="/p/{0}">标题{0}</a><div class="threadlist_abs">内容</div></li>""";
        var html = "<html><body><ul id=\"thread_list\">" + string.Concat(Enumerable.Range(1, 5000).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, item, i))) + "</ul></body></html>";
        var page = _parser.Parse(Source("tieba"), PageRole.List, new Uri("https://tieba.baidu.com/f?kw=x"), html, FetchedAt, null);
        Assert.Equal(5000, page.Posts.Count);
        Assert.Equal("5000", page.Posts[^1].PlatformPostId);
    }

    [Fact]
    public void Parse_NewsCommentsApiOnDetailRole_ReadAsCommentsWithHasMorePaging()
    {
        var api = new Uri("https://news.example.cn/api/comments?newsid=1000&page=1");
        var page = _parser.Parse(Source("news"), PageRole.Detail, api, Text("news/comments.json"), FetchedAt, 9);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["500001", "500003"], page.Posts.Select(p => p.PlatformPostId));
        Assert.Equal("1000", page.Posts[0].ParentPlatformPostId);
        Assert.Equal("500002", page.Posts[1].ParentPlatformPostId);
        Assert.All(page.Posts, p => Assert.Equal("1000", p.ThreadId));
        Assert.Equal(new("3301", "北京网友", null), page.Posts[0].Author);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 10, 0, TimeSpan.Zero), page.Posts[0].PublishedAtUtc);
        Assert.Equal(12, page.Posts[0].Engagement.Likes);
        Assert.Equal(new Uri("https://news.example.cn/api/comments?newsid=1000&page=2"), page.NextPage);
    }

    [Fact]
    public void Parse_NewsCommentsApiLastPage_NoNextPage()
    {
        var api = new Uri("https://news.example.cn/api/comments?newsid=1000&page=2");
        var page = _parser.Parse(Source("news"), PageRole.Detail, api, Text("news/comments.json").Replace("\"has_more\":true", "\"has_more\":false", StringComparison.Ordinal), FetchedAt, null);
        Assert.Null(page.NextPage);
    }
}
