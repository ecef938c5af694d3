using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class FeedPageParserTests
{
    private readonly FeedPageParser _parser = new();

    [Fact]
    public void Parse_Rss2_GuidCreatorContentEncodedAndNextLink()
    {
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://exam.example.cn/rss.xml"), Text("rss/rss2.xml"), FetchedAt, 3);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(2, page.Posts.Count);
        var first = page.Posts[0];
        Assert.Equal("exam-notice-20240914", first.PlatformPostId);
        Assert.Equal("关于2024年法考客观题考试的提醒", first.Title);
        Assert.Equal("考生请注意：任何声称提供答案的信息均为诈骗。\n如发现请拨打举报电话。", first.Text);
        Assert.Equal("考试中心", first.Author.DisplayName);
        Assert.Equal(new Uri("https://exam.example.cn/notice/2024/0914.html"), first.Url);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero), first.PublishedAtUtc);
        Assert.Equal("Sat, 14 Sep 2024 02:00:00 GMT", first.PublishedRaw);
        Assert.Equal(4, first.Engagement.Comments);
        Assert.Equal("rss", first.Platform);
        var second = page.Posts[1];
        Assert.Equal("https://exam.example.cn/faq/2024.html", second.PlatformPostId);
        Assert.Equal("法考报名常见问题解答 & 注意事项", second.Title);
        Assert.Equal("报名时间、资格审核与缴费说明。", second.Text);
        Assert.Equal(new DateTimeOffset(2024, 9, 13, 10, 30, 0, TimeSpan.Zero), second.PublishedAtUtc);
        Assert.Equal(new Uri("https://exam.example.cn/rss.xml?page=2"), page.NextPage);
    }

    [Fact]
    public void Parse_Atom_IdAlternateLinkAuthorAndHtmlContent()
    {
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://blog.example.cn/atom.xml"), Text("rss/atom.xml"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        var entry = page.Posts[0];
        Assert.Equal("tag:blog.example.cn,2024:post-88", entry.PlatformPostId);
        Assert.Equal("法考客观题“泄题”传言辨析", entry.Title);
        Assert.Equal("今天上午网上出现所谓“泄题”截图，经比对与真题不符。", entry.Text);
        Assert.Equal(new("https://blog.example.cn/authors/zhang", "张律师", null), entry.Author);
        Assert.Equal(new Uri("https://blog.example.cn/posts/leak-rumour/"), entry.Url);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 30, 0, TimeSpan.Zero), entry.PublishedAtUtc);
        var second = page.Posts[1];
        Assert.Equal("编辑部", second.Author.DisplayName);
        Assert.Equal("分享三个复习方法。", second.Text);
        Assert.Equal(new DateTimeOffset(2024, 9, 13, 9, 0, 0, TimeSpan.Zero), second.PublishedAtUtc);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void Parse_Rss091WithDoctypeAndChinaCst_ParsedWithoutFetchingTheDtd()
    {
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://bbs.example.cn/rss.php"), Text("rss/rss-cst.xml"), FetchedAt, null);
        var post = Assert.Single(page.Posts);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero), post.PublishedAtUtc);
    }

    [Fact]
    public void Parse_EntityExpansionBomb_NotParseable()
    {
        const string bomb = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><item><title>&lol2;</title><link>https://x.cn/1</link></item></channel></rss>""";
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://x.cn/rss"), bomb, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
    }

    [Fact]
    public void Parse_HtmlBlockPageInsteadOfFeed_BlockPage()
    {
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://exam.example.cn/rss.xml"), Text("pages/block.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.BlockPage, page.Verdict);
    }

    [Fact]
    public void Parse_OtherXml_NotParseableNamingRoot()
    {
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://exam.example.cn/sitemap.xml"), "<urlset><url><loc>https://x.cn/</loc></url></urlset>", FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("<urlset>", page.VerdictReason);
    }

    [Fact]
    public void Parse_EmptyChannel_ContentWithZeroPosts()
    {
        var page = _parser.Parse(Source("rss"), PageRole.List, new Uri("https://exam.example.cn/rss.xml"), """<rss version="2.0"><channel><title>t</title></channel></rss>""", FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Empty(page.Posts);
    }
}
