using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class HtmlPageParserTests
{
    private readonly HtmlPageParser _parser = new(new ParsingOptions());

    private static readonly Uri TiebaList = new("https://tieba.baidu.com/f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0");
    private static readonly Uri TiebaThread = new("https://tieba.baidu.com/p/9123456789");
    private static readonly Uri DiscuzList = new("http://bbs.example.cn/forum.php?mod=forumdisplay&fid=2");
    private static readonly Uri DiscuzThread = new("http://bbs.example.cn/forum.php?mod=viewthread&tid=12345&extra=page%3D1");

    [Fact]
    public void Parse_TiebaList_ReadsEveryThreadWithAuthorCountsAndNextPage()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, Text("tieba/list.html"), FetchedAt, 77);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["9100000001", "9123456789", "9123000002"], page.Posts.Select(p => p.PlatformPostId));
        var post = page.Posts[1];
        Assert.Equal("s1", post.SourceId);
        Assert.Equal("tieba", post.Platform);
        Assert.Equal("有人收到客观题答案吗？今天群里在传", post.Title);
        Assert.Equal("群里有人说有今年客观题的答案， 800一套，是真的吗？", post.Text);
        Assert.Equal(new Uri("https://tieba.baidu.com/p/9123456789"), post.Url);
        Assert.Equal("9123456789", post.ThreadId);
        Assert.Null(post.ParentPlatformPostId);
        Assert.Equal(new("222333", "上岸2024", null), post.Author);
        Assert.Equal(23, post.Engagement.Comments);
        Assert.Equal("10:42", post.PublishedRaw);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 42, 0, TimeSpan.Zero), post.PublishedAtUtc);
        Assert.Equal(77, post.ExchangeId);
        Assert.Equal(12_000, page.Posts[2].Engagement.Comments);
        Assert.Equal("考完的来一起回忆一下 [哭]", page.Posts[2].Text);
        Assert.Equal(new Uri("https://tieba.baidu.com/f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=50"), page.NextPage);
        Assert.Equal(3, page.DetailLinks.Count);
    }

    [Fact]
    public void Parse_TiebaThread_MainPostAndRepliesWithParentAndThread()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.Detail, TiebaThread, Text("tieba/thread.html"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["9123456789", "150000000002", "150000000003"], page.Posts.Select(p => p.PlatformPostId));
        var main = page.Posts[0];
        Assert.Equal("有人收到客观题答案吗？今天群里在传", main.Title);
        Assert.Equal("群里有人说有今年客观题的答案，800一套，是真的吗？\n有没有人买过？\n[疑问]", main.Text);
        Assert.Null(main.ParentPlatformPostId);
        Assert.Equal("9123456789", main.ThreadId);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 42, 0, TimeSpan.Zero), main.PublishedAtUtc);
        var reply = page.Posts[2];
        Assert.Equal("有需要的私信，保真，考前发", reply.Text);
        Assert.Equal("9123456789", reply.ParentPlatformPostId);
        Assert.Equal("9123456789", reply.ThreadId);
        Assert.Equal(new("777888", "答案哥", null), reply.Author);
        Assert.Equal("2024-09-14 11:58", reply.PublishedRaw);
        Assert.Equal(new Uri("https://tieba.baidu.com/p/9123456789?pn=2"), page.NextPage);
        Assert.Empty(page.DetailLinks);
    }

    [Fact]
    public void Parse_TiebaThreadSecondPage_RepliesOnlyNoMainPost()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.Detail, new Uri("https://tieba.baidu.com/p/9123456789?pn=2"), Text("tieba/thread-page2.html"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        var reply = Assert.Single(page.Posts);
        Assert.Equal("150000000031", reply.PlatformPostId);
        Assert.Equal("9123456789", reply.ParentPlatformPostId);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void Parse_TiebaDeletedThread_Deleted()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.Detail, TiebaThread, Text("tieba/deleted.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.Deleted, page.Verdict);
        Assert.Contains("该贴已被删除", page.VerdictReason);
        Assert.Empty(page.Posts);
    }

    [Fact]
    public void Parse_TiebaCaptchaInsteadOfList_Captcha()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, Text("tieba/captcha.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.Captcha, page.Verdict);
        Assert.Contains("百度安全验证", page.VerdictReason);
    }

    [Fact]
    public void Parse_TiebaEmptyListWithLoginLinkInNav_ContentWithZeroPosts()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, Text("tieba/empty-list.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Empty(page.Posts);
    }

    [Fact]
    public void Parse_TiebaRedesignedPage_NotParseableNamingTheSelector()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, Text("tieba/redesigned.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("'list' (#thread_list) matched nothing", page.VerdictReason);
    }

    [Fact]
    public void Parse_PostQuotingCaptchaWords_StillContent()
    {
        var html = Text("tieba/list.html").Replace("是真的吗？", "要输入验证码才能看吗？请登录", StringComparison.Ordinal);
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, html, FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Contains("验证码", page.Posts[1].Text);
    }

    [Fact]
    public void Parse_ItemWithoutId_SkippedAndCountedOthersRead()
    {
        var html = Text("tieba/list.html").Replace("data-tid=\"9123000002\"", "", StringComparison.Ordinal)
            .Replace("{\"id\":9123000002,", "{", StringComparison.Ordinal);
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, html, FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.DoesNotContain("9123000002", page.Posts.Select(p => p.PlatformPostId));
        Assert.Equal(1, page.Skipped["no id"]);
    }

    [Fact]
    public void Parse_MostItemsWithoutId_NotParseableNamingItemAndRole()
    {
        var source = Source("tieba");
        source.MaxSkippedShare = 0;
        var html = Text("tieba/list.html").Replace("data-tid=\"9123000002\"", "", StringComparison.Ordinal)
            .Replace("{\"id\":9123000002,", "{", StringComparison.Ordinal);
        var page = _parser.Parse(source, PageRole.List, TiebaList, html, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("item 2: 'id'", page.VerdictReason);
        Assert.Contains("1 no id", page.VerdictReason);
    }

    [Fact]
    public void Parse_DiscuzGbkList_StickyAndNormalThreadsWithViewsAndTooltipTimes()
    {
        var page = _parser.Parse(Source("discuz"), PageRole.List, DiscuzList, Text("discuz/list.html", "gbk"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["5001", "12345", "12340"], page.Posts.Select(p => p.PlatformPostId));
        var post = page.Posts[1];
        Assert.Equal("出售2024法考主观题押题卷，保过", post.Title);
        Assert.Equal(new("678", "法考包过", null), post.Author);
        Assert.Equal("2024-9-14 09:30", post.PublishedRaw);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 1, 30, 0, TimeSpan.Zero), post.PublishedAtUtc);
        Assert.Equal(5, post.Engagement.Comments);
        Assert.Equal(321, post.Engagement.Views);
        Assert.Equal(new Uri("http://bbs.example.cn/forum.php?mod=viewthread&tid=12345"), post.Url);
        Assert.Equal(12_000, page.Posts[0].Engagement.Views);
        Assert.Equal(new AuthorInfo("901", "小白", null), page.Posts[2].Author);
        Assert.Equal(new Uri("http://bbs.example.cn/forum.php?mod=forumdisplay&fid=2&page=2"), page.NextPage);
    }

    [Fact]
    public void Parse_DiscuzSearchWithNoResults_ConfirmedEmpty()
    {
        var search = new Uri("http://bbs.example.cn/search.php?mod=forum&srchtxt=%B7%A8%BF%BC&searchsubmit=yes&page=1");

        var page = _parser.Parse(Source("discuz"), PageRole.List, search, Text("discuz/search-empty.html", "gbk"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Empty(page.Posts);
        Assert.True(page.ConfirmedEmpty);
    }

    [Fact]
    public void Parse_EmptyListWithoutTheNoResultsMarker_NotConfirmedEmpty()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, Text("tieba/empty-list.html"), FetchedAt, null);

        Assert.Empty(page.Posts);
        Assert.False(page.ConfirmedEmpty);
    }

    [Fact]
    public void Parse_DiscuzGbkThread_FirstFloorIsThreadOthersReplies()
    {
        var page = _parser.Parse(Source("discuz"), PageRole.Detail, DiscuzThread, Text("discuz/thread.html", "gbk"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["12345", "100002"], page.Posts.Select(p => p.PlatformPostId));
        var main = page.Posts[0];
        Assert.Equal("出售2024法考主观题押题卷，保过", main.Title);
        Assert.Equal("押题卷含主观题全部考点，保过，不过退款。\n加V：fakao2024xxx", main.Text);
        Assert.Equal("2024-9-14 09:30:12", main.PublishedRaw);
        Assert.Equal(new("678", "法考包过", null), main.Author);
        var reply = page.Posts[1];
        Assert.Equal("12345", reply.ParentPlatformPostId);
        Assert.Equal("发表于 2024-9-14 10:15", reply.PublishedRaw);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 15, 0, TimeSpan.Zero), reply.PublishedAtUtc);
        Assert.EndsWith("举报了，这是违法的", reply.Text);
        Assert.Equal(new Uri("http://bbs.example.cn/forum.php?mod=viewthread&tid=12345&extra=page%3D1&page=2"), page.NextPage);
    }

    [Fact]
    public void Parse_DiscuzThreadPageTwo_FirstFloorOfPageIsAReply()
    {
        var html = Text("discuz/thread.html", "gbk").Replace(">楼主<", ">11#<", StringComparison.Ordinal);
        var page = _parser.Parse(Source("discuz"), PageRole.Detail, new Uri(DiscuzThread + "&page=2"), html, FetchedAt, null);
        Assert.Equal(["100001", "100002"], page.Posts.Select(p => p.PlatformPostId));
        Assert.All(page.Posts, p => Assert.Equal("12345", p.ParentPlatformPostId));
    }

    [Fact]
    public void Parse_DiscuzDeletedThread_Deleted()
    {
        var page = _parser.Parse(Source("discuz"), PageRole.Detail, DiscuzThread, Text("discuz/deleted.html", "gbk"), FetchedAt, null);
        Assert.Equal(PageVerdict.Deleted, page.Verdict);
    }

    [Fact]
    public void Parse_DiscuzLoginNotice_LoginWall()
    {
        var page = _parser.Parse(Source("discuz"), PageRole.List, DiscuzList, Text("discuz/login.html", "gbk"), FetchedAt, null);
        Assert.Equal(PageVerdict.LoginWall, page.Verdict);
        Assert.Contains("您需要登录后才可以", page.VerdictReason);
    }

    [Fact]
    public void Parse_GbkPageDecodedAsUtf8_NotParseableInsteadOfGarbagePosts()
    {
        // A wrong charset turns every Chinese character into U+FFFD: the page must fail, not yield mojibake posts.
        var mojibake = Text("discuz/list.html", "utf-8");
        var page = _parser.Parse(Source("discuz"), PageRole.List, DiscuzList, mojibake, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("charset", page.VerdictReason);
    }

    [Fact]
    public void Parse_NewsList_RelativeLinksResolvedTrackingDropped()
    {
        var page = _parser.Parse(Source("news"), PageRole.List, new Uri("https://news.example.cn/legal/"), Text("news/list.html"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(2, page.Posts.Count);
        Assert.Equal("a1001", page.Posts[0].PlatformPostId);
        Assert.Equal(new Uri("https://news.example.cn/legal/2024/09/13/a0999.html"), page.Posts[1].Url);
        Assert.Equal(15_000, page.Posts[0].Engagement.Comments);
        Assert.Equal(0, page.Posts[1].Engagement.Comments);
        Assert.Equal(new DateTimeOffset(2024, 9, 13, 10, 0, 0, TimeSpan.Zero), page.Posts[1].PublishedAtUtc);
        Assert.Equal(new Uri("https://news.example.cn/legal/index_2.html"), page.NextPage);
        Assert.Equal(page.Posts.Select(p => p.Url), page.DetailLinks.Select(u => UrlCanonicalizer.Canonicalize(u)));
    }

    [Fact]
    public void Parse_NewsArticle_ArticleAndCommentsWithReplyTo()
    {
        var page = _parser.Parse(Source("news"), PageRole.Detail, new Uri("https://news.example.cn/legal/2024/09/14/a1001.html?utm_source=home"), Text("news/article.html"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["a1001", "7001", "7002", "7003"], page.Posts.Select(p => p.PlatformPostId));
        var article = page.Posts[0];
        Assert.Equal("司法部：网传2024年法考客观题“答案”系谣言", article.Title);
        Assert.StartsWith("本报北京9月14日电", article.Text.TrimStart('　'));
        Assert.DoesNotContain("window.ad", article.Text);
        Assert.Equal("来源：法治日报", article.Author.DisplayName);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 3, 20, 0, TimeSpan.Zero), article.PublishedAtUtc);
        Assert.Equal(3, article.Engagement.Comments);
        Assert.Equal(new Uri("https://news.example.cn/legal/2024/09/14/a1001.html"), article.Url);
        Assert.Equal("a1001", page.Posts[1].ParentPlatformPostId);
        Assert.Equal(12, page.Posts[1].Engagement.Likes);
        Assert.Equal(0, page.Posts[2].Engagement.Likes);
        Assert.Equal("7002", page.Posts[3].ParentPlatformPostId);
        Assert.Equal("a1001", page.Posts[3].ThreadId);
        Assert.Equal(new("u1001", "北京网友", null), page.Posts[3].Author);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 3, 50, 0, TimeSpan.Zero), page.Posts[1].PublishedAtUtc);
        Assert.Equal(new Uri("https://news.example.cn/legal/2024/09/14/a1001.html?cpage=2"), page.NextPage);
    }

    [Fact]
    public void Parse_NewsArticleGone_Deleted()
    {
        var page = _parser.Parse(Source("news"), PageRole.Detail, new Uri("https://news.example.cn/legal/2024/09/14/a1001.html"), Text("news/not-found.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.Deleted, page.Verdict);
    }

    [Theory]
    [InlineData("pages/block.html", PageVerdict.BlockPage, "访问过于频繁")]
    [InlineData("pages/login-en.html", PageVerdict.LoginWall, "please log in")]
    public void Parse_GenericStandInPages_RecognisedOnAnyProfile(string fixture, PageVerdict verdict, string marker)
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, Text(fixture), FetchedAt, null);
        Assert.Equal(verdict, page.Verdict);
        Assert.Contains(marker, page.VerdictReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_GenericMarkersOff_StandInPageIsAnEmptyList()
    {
        var source = Source("tieba", extra: new Dictionary<string, string?> { ["Markers:UseGeneric"] = "false" });
        source.Selectors.Remove("list");
        var page = _parser.Parse(source, PageRole.List, TiebaList, Text("pages/block.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Empty(page.Posts);
    }

    [Fact]
    public void Parse_JsonBody_NotParseable()
    {
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, """{"error":"internal"}""", FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("not HTML", page.VerdictReason);
    }

    [Fact]
    public void Parse_BaseHref_RelativeLinksResolveAgainstIt()
    {
        var html = Text("discuz/list.html", "gbk").Replace("<head>", "<head><base href=\"http://bbs.example.cn/bbs/\" />", StringComparison.Ordinal);
        var page = _parser.Parse(Source("discuz"), PageRole.List, new Uri("http://bbs.example.cn/other/forum.php?fid=2"), html, FetchedAt, null);
        Assert.Equal(new Uri("http://bbs.example.cn/bbs/forum.php?mod=viewthread&tid=12345"), page.Posts[1].Url);
    }

    [Fact]
    public void Parse_NestedReplyShownTwice_OneReplyWithItsRealParent()
    {
        const string html = """
            <html><body><h3 class="core_title_txt">t</h3><div id="j_p_postlist">
            <div class="l_post" data-pid="1" data-field='{"content":{"post_no":1,"comment_num":1}}'><div class="d_post_content">楼主</div>
              <ul><li class="lzl_single_post" data-field='{"spid":3}'><a class="at" username="u">u</a><span class="lzl_content_main">嵌套回复</span></li></ul></div>
            <div class="l_post" data-pid="2" data-field='{"content":{"post_no":2,"comment_num":1}}'><div class="d_post_content">二楼</div>
              <ul><li class="lzl_single_post" data-field='{"spid":3}'><a class="at" username="u">u</a><span class="lzl_content_main">嵌套回复</span></li></ul></div>
            </div></body></html>
            """;
        var page = _parser.Parse(Source("tieba"), PageRole.Detail, new Uri("https://tieba.baidu.com/p/77"), html, FetchedAt, null);
        // First seen under floor 1 (defaulting to the thread), then under floor 2: the copy naming floor 2 wins, in place.
        Assert.Equal(["77", "3", "2"], page.Posts.Select(p => p.PlatformPostId));
        Assert.Equal("2", page.Posts[1].ParentPlatformPostId);
        Assert.Equal("77", page.Posts[2].ParentPlatformPostId);
    }

    [Fact]
    public void Parse_DiscuzBlockedFloor_ListedAsDeletedNotAsEmptyPost()
    {
        var html = Text("discuz/thread.html", "gbk").Replace(
            "<div class=\"t_fsz\"><table cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"t_f\" id=\"postmessage_100002\">",
            "<div class=\"locked\">提示: <em>该帖被管理员或版主屏蔽</em></div><div><table><tr><td id=\"x\">", StringComparison.Ordinal);
        var page = _parser.Parse(Source("discuz"), PageRole.Detail, DiscuzThread, html, FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["12345"], page.Posts.Select(p => p.PlatformPostId));
        Assert.Equal(["100002"], page.Deleted);
    }
}
