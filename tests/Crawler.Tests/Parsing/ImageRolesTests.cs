using System.Text.Json;
using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

/// <summary>The <c>images</c> roles: every picture a post shows, resolved, in page order, each once.</summary>
public sealed class ImageRolesTests
{
    private static readonly Uri Thread = new("http://127.0.0.1:8080/p/9100000009");

    [Fact]
    public void Parse_TiebaThreadWithPictures_MainPostAndReplyCarryTheirImages()
    {
        // A drill-site thread (src/DrillSites, Tieba markup): the first floor shows paper.png, floor 2 card.png.
        var page = new HtmlPageParser(new ParsingOptions()).Parse(Source("tieba"), PageRole.Detail, Thread, Text("tieba/thread-images.html"), FetchedAt, null);

        var main = Assert.Single(page.Posts, p => p.ParentPlatformPostId is null);
        Assert.Equal([new Uri("http://127.0.0.1:8080/_drill/img/paper.png")], main.Images);
        var reply = Assert.Single(page.Posts, p => p.PlatformPostId == "150000000043");
        Assert.Equal([new Uri("http://127.0.0.1:8080/_drill/img/card.png")], reply.Images);
        Assert.All(page.Posts.Where(p => p.PlatformPostId is not ("150000000043" or "9100000009")), p => Assert.Empty(p.Images));
    }

    [Fact]
    public void Parse_HtmlImagesWithoutAttribute_TakesLazyLoadAddressFirstAndDropsDuplicatesAndScripts()
    {
        var source = Source("tieba", extra: new Dictionary<string, string?> { ["Selectors:detail.images"] = ".d_post_content img" });
        const string html = """
            <html><body><h3 class="core_title_txt" title="t">t</h3><div id="j_p_postlist">
            <div class="l_post" data-pid="1" data-field='{"content":{"post_no":1,"post_id":1}}'><div class="d_post_content d_post_content_firstfloor">正文
            <img src="/blank.gif" data-original="https://img.example.cn/a.jpg"><img src="https://img.example.cn/a.jpg"><img src="javascript:alert(1)"><img src="data:image/png;base64,AAAA"><img src="b.png">
            </div></div></div></body></html>
            """;

        var page = new HtmlPageParser(new ParsingOptions()).Parse(source, PageRole.Detail, new Uri("https://tieba.example.cn/p/1"), html, FetchedAt, null);

        var main = Assert.Single(page.Posts);
        Assert.Equal([new Uri("https://img.example.cn/a.jpg"), new Uri("https://tieba.example.cn/p/b.png")], main.Images);
    }

    [Fact]
    public void Parse_WeiboTimelineWithPics_TakesEveryLargeRendition()
    {
        var source = Source("weibo");
        var json = JsonSerializer.Serialize(new
        {
            ok = 1,
            data = new
            {
                cards = new object[]
                {
                    new
                    {
                        card_type = 9,
                        mblog = new
                        {
                            id = "4951000000000026", mid = "4951000000000026", created_at = "Sun Dec 06 21:00:00 +0800 2026", text = "扫码",
                            user = new { id = 5500009001L, screen_name = "冲刺营" },
                            pics = new object[]
                            {
                                new { pid = "a", url = "https://wx1.sinaimg.cn/orj360/a.jpg", large = new { url = "https://wx1.sinaimg.cn/large/a.jpg" } },
                                new { pid = "b", url = "https://wx1.sinaimg.cn/orj360/b.jpg", large = new { url = "https://wx1.sinaimg.cn/large/b.jpg" } },
                            },
                        },
                    },
                },
            },
        });

        var page = new JsonPageParser(new ParsingOptions()).Parse(source, PageRole.List, new Uri("https://m.weibo.cn/api/container/getIndex?containerid=1"), json, FetchedAt, null);

        var post = Assert.Single(page.Posts);
        Assert.Equal([new Uri("https://wx1.sinaimg.cn/large/a.jpg"), new Uri("https://wx1.sinaimg.cn/large/b.jpg")], post.Images);
    }
}
