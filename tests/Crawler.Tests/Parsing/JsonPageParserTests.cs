using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class JsonPageParserTests
{
    private readonly JsonPageParser _parser = new(new ParsingOptions());

    private static readonly Uri Search = new("https://m.weibo.cn/api/container/getIndex?containerid=100103type%3D1%26q%3D%E6%B3%95%E8%80%83&page_type=searchall&page=1");
    private static readonly Uri Comments = new("https://m.weibo.cn/comments/hotflow?id=5078123456789012&mid=5078123456789012&max_id_type=0");

    [Fact]
    public void Parse_WeiboSearch_CardsAndCardGroupsWithCountsFollowersAndPlainText()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, Text("weibo/search.json"), FetchedAt, 5);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["5078123456789012", "5078123456700001"], page.Posts.Select(p => p.PlatformPostId));
        var post = page.Posts[0];
        Assert.Equal("weibo", post.Platform);
        Assert.Equal("#法考# 有人在卖今年客观题答案，[怒]大家别上当\n已向司法部举报 ...全文", post.Text);
        Assert.Null(post.Title);
        Assert.Equal(new("1234567890", "法考观察员", 12_000), post.Author);
        Assert.Equal(new(12, 2, 345, null), post.Engagement);
        Assert.Equal("Sat Sep 14 10:00:00 +0800 2024", post.PublishedRaw);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero), post.PublishedAtUtc);
        Assert.Equal(new Uri("https://m.weibo.cn/detail/5078123456789012"), post.Url);
        Assert.Equal("5078123456789012", post.ThreadId);
        Assert.Equal(5, post.ExchangeId);
        Assert.Equal(87, page.Posts[1].Author.Followers);
    }

    [Fact]
    public void Parse_WeiboSearch_NextPageFromCardlistInfoFullTextAndCommentsOnlyWhereNeeded()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, Text("weibo/search.json"), FetchedAt, null);

        Assert.Equal(new Uri("https://m.weibo.cn/api/container/getIndex?containerid=100103type%3D1%26q%3D%E6%B3%95%E8%80%83&page_type=searchall&page=2"), page.NextPage);
        // The truncated long text first, then the comments; the post without comments and short text needs neither.
        Assert.Equal(
            [new Uri("https://m.weibo.cn/statuses/extend?id=5078123456789012"), new Uri("https://m.weibo.cn/comments/hotflow?id=5078123456789012&mid=5078123456789012&max_id_type=0")],
            page.DetailLinks);
    }

    [Fact]
    public void Parse_WeiboComments_RepliesToThePostWithCursorPaging()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.Detail, Comments, Text("weibo/comments.json"), FetchedAt, null);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(["5078123500000001", "5078123500000002"], page.Posts.Select(p => p.PlatformPostId));
        Assert.All(page.Posts, p =>
        {
            Assert.Equal("5078123456789012", p.ParentPlatformPostId);
            Assert.Equal("5078123456789012", p.ThreadId);
            Assert.Equal(new Uri("https://m.weibo.cn/detail/5078123456789012"), p.Url);
        });
        Assert.Equal("卖答案的都是诈骗[吃瓜]", page.Posts[0].Text);
        Assert.Equal("回复@法考观察员:已转给相关部门", page.Posts[1].Text);
        Assert.Equal(11_000, page.Posts[1].Engagement.Likes);
        Assert.Equal(3_000, page.Posts[1].Author.Followers);
        Assert.Equal(new Uri("https://m.weibo.cn/comments/hotflow?id=5078123456789012&mid=5078123456789012&max_id_type=0&max_id=139293458726"), page.NextPage);
    }

    [Fact]
    public void Parse_WeiboCommentsLastPage_NoNextPage()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.Detail, Comments, Text("weibo/comments-last.json"), FetchedAt, null);
        Assert.Single(page.Posts);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void Parse_WeiboDeletedPost_Deleted()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.Detail, Comments, Text("weibo/deleted.json"), FetchedAt, null);
        Assert.Equal(PageVerdict.Deleted, page.Verdict);
        Assert.Contains("抱歉，此微博已被作者删除", page.VerdictReason);
    }

    [Fact]
    public void Parse_WeiboShowAnswerOnRecrawl_ThePostWithFreshCountsReadWithTheListFields()
    {
        var show = new Uri("https://m.weibo.cn/statuses/show?id=5078123456789012");
        var page = _parser.Parse(Source("weibo"), PageRole.Recrawl, show, Text("weibo/show.json"), FetchedAt, 7);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        var post = Assert.Single(page.Posts);
        Assert.Equal("5078123456789012", post.PlatformPostId);
        Assert.Equal(new(40, 9, 512, null), post.Engagement);
        Assert.Equal(new Uri("https://m.weibo.cn/detail/5078123456789012"), post.Url);
        Assert.Equal(12_000, post.Author.Followers);
        Assert.Equal(7, post.ExchangeId);
        // Its comments page, read by the runner only when the count grew since the last snapshot.
        Assert.Equal([new Uri("https://m.weibo.cn/comments/hotflow?id=5078123456789012&mid=5078123456789012&max_id_type=0")], page.DetailLinks);
    }

    [Fact]
    public void Parse_RecrawlAnswerWithDeletedErrnoButNoMarkerPhrase_DeletedFromTheField()
    {
        var show = new Uri("https://m.weibo.cn/statuses/show?id=5078123456789012");
        var page = _parser.Parse(Source("weibo"), PageRole.Recrawl, show, Text("weibo/show-errno.json"), FetchedAt, null);

        Assert.Equal(PageVerdict.Deleted, page.Verdict);
        Assert.Contains("recrawl.deletedWhen", page.VerdictReason, StringComparison.Ordinal);
        Assert.Contains("20101", page.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecrawlAnswerWithOtherErrno_NotDeleted()
    {
        var show = new Uri("https://m.weibo.cn/statuses/show?id=5078123456789012");
        var page = _parser.Parse(Source("weibo"), PageRole.Recrawl, show, "{\"ok\":0,\"errno\":\"100005\",\"msg\":\"请求过于频繁\"}", FetchedAt, null);

        Assert.Equal(PageVerdict.BlockPage, page.Verdict);
    }

    [Fact]
    public void Parse_DeletedErrnoOnAListPage_NotADeletion()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, Text("weibo/show-errno.json"), FetchedAt, null);

        Assert.NotEqual(PageVerdict.Deleted, page.Verdict);
    }

    [Fact]
    public void Parse_WeiboLoginRedirectAnswer_LoginWall()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, Text("weibo/login.json"), FetchedAt, null);
        Assert.Equal(PageVerdict.LoginWall, page.Verdict);
        Assert.Contains("passport.weibo.cn/signin", page.VerdictReason);
    }

    [Fact]
    public void Parse_WeiboEmptySearch_ContentWithZeroPosts()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, Text("weibo/empty.json"), FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Empty(page.Posts);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void Parse_HtmlCaptchaInsteadOfJson_Captcha()
    {
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, Text("weibo/captcha.html"), FetchedAt, null);
        Assert.Equal(PageVerdict.Captcha, page.Verdict);
    }

    [Fact]
    public void Parse_TruncatedJson_NotParseableWithExcerpt()
    {
        var text = Text("weibo/search.json")[..300];
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, text, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("not JSON", page.VerdictReason);
        Assert.Contains("{\"ok\":1", page.VerdictReason);
    }

    [Fact]
    public void Parse_ItemWithoutId_SkippedUnlessTheShareIsExceeded()
    {
        var text = Text("weibo/search.json").Replace("\"id\":\"5078123456700001\",\"mid\":\"5078123456700001\",", "", StringComparison.Ordinal);
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, text, FetchedAt, null);
        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(1, page.Skipped["no id"]);

        var strict = Source("weibo");
        strict.MaxSkippedShare = 0;
        page = _parser.Parse(strict, PageRole.List, Search, text, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("item 1: 'id'", page.VerdictReason);
    }

    [Fact]
    public void Parse_Jsonp_Unwrapped()
    {
        var text = "jQuery3310_172({\"ok\":1,\"data\":{\"cards\":[{\"mblog\":{\"id\":\"9\",\"text\":\"x\"}}]}});";
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, text, FetchedAt, null);
        Assert.Equal("9", Assert.Single(page.Posts).PlatformPostId);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_NotParseable()
    {
        var text = new string('[', 5000) + new string(']', 5000);
        var page = _parser.Parse(Source("weibo"), PageRole.List, Search, text, FetchedAt, null);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
    }
}
