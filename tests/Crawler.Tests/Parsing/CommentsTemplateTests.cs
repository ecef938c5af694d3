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
}
