using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

/// <summary>A news article whose comment thread comes from an API the page's script builds from an id: configuration, not code.</summary>
public sealed class CommentsTemplateTests
{
    private static readonly Uri Article = new("https://news.example.cn/a/20240914/1000.html");
    private readonly SourcePageParser _parser = new();

    private static string Page(string script) =>
        "<html><head><script>" + script + "</script></head><body><article id=\"article\"><h1>标题</h1><div class=\"article-meta\"><span class=\"pubtime\">2024-09-14 10:00</span></div>"
        + "<div id=\"artibody\"><p>正文</p></div></article><div id=\"comments\"></div></body></html>";

    [Fact]
    public void Parse_DocIdSetByScript_CommentsApiFilledFromTheTemplate()
    {
        var page = _parser.Parse(Source("news"), PageRole.Detail, Article, Page("var ARTICLE_CONFIG = {'docId': 'A7x-99', 'channel': 'legal'};"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(new Uri("https://news.example.cn/api/comments?newsid=A7x-99&page=1&callback=jsonp_comments"), Assert.Single(page.DetailLinks));
        Assert.Empty(page.Problems);
    }

    [Fact]
    public void Parse_TemplateValueMissing_ArticleKeptAndTheMissingValueNamed()
    {
        var page = _parser.Parse(Source("news"), PageRole.Detail, Article, Page("var other = 1;"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Single(page.Posts);
        Assert.Empty(page.DetailLinks);
        var problem = Assert.Single(page.Problems);
        Assert.Contains("needs {docId}", problem);
        Assert.Contains("'vars.docId' ($scripts", problem);
    }

    [Fact]
    public void Parse_JsonpCommentsAnswer_UnwrappedAndMappedByJsonPaths()
    {
        var api = new Uri("https://news.example.cn/api/comments?newsid=1000&page=1&callback=jsonp_comments");
        var page = _parser.Parse(Source("news"), PageRole.Detail, api, "jsonp_comments(" + Text("news/comments.json") + ");", FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["500001", "500003"], page.Posts.Select(p => p.PlatformPostId));
        Assert.Equal(new Uri("https://news.example.cn/api/comments?newsid=1000&page=2&callback=jsonp_comments"), page.NextPage);
    }

    [Fact]
    public void Parse_CommentsAnswerNeitherJsonNorJsonp_NotParseableWithTheReason()
    {
        var api = new Uri("https://news.example.cn/api/comments?newsid=1000&page=1&callback=jsonp_comments");
        var page = _parser.Parse(Source("news"), PageRole.Detail, api, "jsonp_comments({code: 0, data: oops});", FetchedAt, null);

        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("body is not JSON", page.VerdictReason);
    }

    [Theory]
    [InlineData("news-sina", "https://news.sina.com.cn/c/2024-09-14/doc-inaaaaaa1234567.shtml",
        "<meta name=\"sudameta\" content=\"comment_channel:gn;comment_id:comos-naaaaaa1234567\">",
        "https://comment.sina.com.cn/page/info?version=1&format=json&channel=gn&newsid=comos-naaaaaa1234567&group=0&compress=0&ie=utf-8&oe=utf-8&page=1&page_size=20&t_size=3&h_size=3&thread=1&callback=jsonp_sina")]
    [InlineData("news-163", "https://www.163.com/news/article/JABCDEF0000189FH.html",
        "<script>var config = { productKey: 'a2869674571f77b5a0867c3d71db5856', docid: 'JABCDEF0000189FH' };</script>",
        "https://comment.api.163.com/api/v1/products/a2869674571f77b5a0867c3d71db5856/threads/JABCDEF0000189FH/comments/newList?ibc=newspc&limit=30&showLevelThreshold=72&headLimit=1&tailLimit=2&offset=0&callback=jsonp_163")]
    [InlineData("news-qq", "https://new.qq.com/rain/a/20240914A01ABC00",
        "<script>window.DATA = {\"title\": \"t\", \"comment_id\": \"12345678901\"};</script>",
        "https://coral.qq.com/article/12345678901/comment/v2?callback=jsonp_qq&orinum=10&oriorder=o&pageflag=1&cursor=0&scorecursor=0&orirepnum=2&reporder=o&reppageflag=1&source=1")]
    public void Parse_PortalArticle_CommentsApiBuiltFromThePagesOwnId(string profile, string url, string head, string expected)
    {
        // Hand-written pages carrying only what each portal's comment widget is built from (see docs/crawling.md:
        // these profiles are not yet verified against saved pages).
        var html = "<html><head>" + head + "</head><body><div class=\"main-content post_main\"><h1>t</h1><div id=\"article\" class=\"post_body content-article\">正文</div></div></body></html>";
        var page = _parser.Parse(Source(profile), PageRole.Detail, new Uri(url), html, FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Empty(page.Problems);
        Assert.Equal(new Uri(expected), Assert.Single(page.DetailLinks));
    }
}
