using System.Net;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Sites;

/// <summary>The browser-only board 法考app and the login-walled board 法考会员 (Sites/TiebaBoards.cs).</summary>
public sealed class TiebaBoardsTests
{
    private const string App = "%E6%B3%95%E8%80%83app"; // 法考app
    private const string Club = "%E6%B3%95%E8%80%83%E4%BC%9A%E5%91%98"; // 法考会员

    private static Task<Drill> StartAsync() => Drill.StartAsync(Some.Scenario(
        Some.Root(DrillSite.Tieba, "a1", at: 0, title: "应用吧一", board: "法考app"),
        Some.Root(DrillSite.Tieba, "a2", at: 10, title: "应用吧二", board: "法考app"),
        Some.Root(DrillSite.Tieba, "a3", at: 20, title: "应用吧三", board: "法考app"),
        Some.Root(DrillSite.Tieba, "c1", at: 0, title: "会员吧帖子", board: "法考会员")), new DrillPageSizes { AppThreads = 2 });

    [Fact]
    public async Task AppBoard_PageHoldsNoThread_JsonEndpointPagesThemNewestFirst()
    {
        await using var d = await StartAsync();
        d.At(30);

        var (status, shell, _) = await d.TextAsync(DrillSite.Tieba, $"f?kw={App}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("应用吧", shell.Replace("法考app吧", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("/app/api/threads", shell, StringComparison.Ordinal);

        var page1 = await d.JsonAsync(DrillSite.Tieba, $"app/api/threads?kw={App}&pn=1");
        Assert.Equal(["应用吧三", "应用吧二"], page1.GetProperty("data").GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("title").GetString()));
        Assert.True(page1.GetProperty("data").GetProperty("has_more").GetBoolean());
        var page2 = await d.JsonAsync(DrillSite.Tieba, $"app/api/threads?kw={App}&pn=2");
        Assert.Equal("应用吧一", Assert.Single(page2.GetProperty("data").GetProperty("threads").EnumerateArray()).GetProperty("title").GetString());
        Assert.False(page2.GetProperty("data").GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task ClubBoard_WithoutOrWithExpiredSession_RedirectedToA200LoginPage_RenewedCookieAlwaysServed()
    {
        await using var d = await StartAsync();
        d.Server.Control(DrillSite.Tieba).ClubSessionExpiresAt = 100;
        d.At(30);

        async Task<(HttpStatusCode Status, string? Location)> Get(string? cookie)
        {
            using var response = await d.GetAsync(DrillSite.Tieba, $"f?kw={Club}", r =>
            {
                if (cookie is not null)
                {
                    r.Headers.Add("Cookie", cookie);
                }
            });
            return (response.StatusCode, response.Headers.Location?.OriginalString);
        }

        var toLogin = (HttpStatusCode.Found, "/passport/login?u=%2Ff%3Fkw%3D" + Club.Replace("%", "%25", StringComparison.Ordinal));
        Assert.Equal(toLogin, await Get(null));
        Assert.Equal((HttpStatusCode.OK, (string?)null), await Get(DrillSiteControl.ClubCookie));
        d.At(100);
        Assert.Equal(toLogin, await Get(DrillSiteControl.ClubCookie));
        Assert.Equal((HttpStatusCode.OK, (string?)null), await Get("other=1; " + DrillSiteControl.RenewedClubCookie));
        var (_, login, _) = await d.TextAsync(DrillSite.Tieba, "passport/login?u=%2Ff");
        Assert.Contains("请登录后查看", login, StringComparison.Ordinal);
    }
}
