using Microsoft.AspNetCore.Http;
using SentimentWatch.Core.Collection;

namespace SentimentWatch.Crawler.Tests.RealFixtures;

/// <summary>Hostile and broken answers through the real fetcher, parser and runner: each a clear reason in the run summary, never a crash or an Ok run.</summary>
public sealed class BadInputTests
{
    private static Func<HttpContext, Task> Answer(string contentType, string body) => async context =>
    {
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    [Fact]
    public async Task Run_JsonpAnswerThatIsNotJsonp_FailedWithTheReason()
    {
        await using var site = await RealSite.StartAsync(Answer("application/javascript", "jQuery3310_1({\"ok\":1, data: [unquoted]});"));
        site.UseSource("weibo", "/api/container/getIndex?containerid=1");

        var report = await site.RunAsync();

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(SourceFailureKind.NotParseable, failure.Kind);
        Assert.Contains("body is not JSON", failure.Reason);
    }

    [Fact]
    public async Task Run_CommentsTemplateValueMissingFromTheArticle_PartialNamingTheValueArticleStillStored()
    {
        // The article's script no longer sets the id the comments template needs (a redesign): the article is stored,
        // but its comment thread cannot be built — the run says so, never Ok with the 跟帖 silently missing.
        await using var site = await RealSite.StartAsync(async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(context.Request.Path.Value == "/a/1000.html"
                ? "<html><head><script>var other = 1;</script></head><body><article id=\"article\"><h1>标题</h1>"
                  + "<div class=\"article-meta\"><span class=\"pubtime\">2024-09-14 10:00</span></div><div id=\"artibody\"><p>正文</p></div></article></body></html>"
                : "<html><body><ul class=\"news-list\"><li class=\"news-item\" data-id=\"1000\"><h2><a href=\"/a/1000.html\">标题</a></h2>"
                  + "<span class=\"news-time\">2024-09-14 10:00</span></li></ul></body></html>");
        });
        site.UseSource("news", "/list.html");

        var report = await site.RunAsync();

        Assert.Equal(SourceRunStatus.Partial, report.Status);
        Assert.Equal(1, report.NewPosts);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(SourceFailureKind.NotParseable, failure.Kind);
        Assert.Contains("needs {docId}", failure.Reason);
        Assert.Equal("/a/1000.html", failure.Url?.AbsolutePath);
    }

    [Fact]
    public async Task Run_LoginPageServedWith200_LoginWallNotAnEmptyList()
    {
        await using var site = await RealSite.StartAsync(Answer("text/html; charset=utf-8",
            "<html><head><title>提示信息</title></head><body><div id=\"messagetext\"><p>您需要登录后才可以回帖 <a href=\"member.php?mod=logging&action=login\">登录</a></p></div></body></html>"));
        site.UseSource("discuz", "/forum-news-1.html", new Dictionary<string, string?> { ["Charset"] = "utf-8" });

        var report = await site.RunAsync();

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        Assert.Equal(SourceFailureKind.LoginWall, Assert.Single(report.Failures).Kind);
    }

    [Fact]
    public async Task Run_SelectorStopsMatchingOnMostItems_HealthEventNamesTheRole()
    {
        // The real forum list with the time selector pointing at markup the page does not have: posts are still
        // stored (a missing time never drops a post), and the drift is raised naming the role.
        await using var site = await RealSite.StartAsync(async context =>
        {
            if (context.Request.Path != "/forum-news-1.html")
            {
                context.Response.StatusCode = 404;
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(RealSite.FixturePath("discuz/forum-news-1.html"));
        });
        site.UseSource("discuz", "/forum-news-1.html", new Dictionary<string, string?>
        {
            ["Charset"] = "utf-8",
            ["MaxPages"] = "1",
            ["Selectors:time"] = "td.by em b.moved",
            ["Selectors:detail.id"] = "$url",
        });

        var report = await site.RunAsync();

        Assert.Equal(new RoleMatch(0, 30), report.RoleMatches["time"]);
        Assert.Equal(new RoleMatch(30, 30), report.RoleMatches["authorName"]);
        var events = await site.State.GetHealthEventsAfterAsync(0, 10, CancellationToken.None);
        var drift = Assert.Single(events, e => e.Kind == "drift");
        Assert.Contains("role 'time' (td.by em b.moved) matched 0 of 30 items", drift.Message);
    }
}
