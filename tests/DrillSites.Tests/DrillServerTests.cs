using System.Net;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests;

public sealed class DrillServerTests
{
    [Fact]
    public async Task StartAsync_Default_FiveSitesOnDistinctLoopbackPorts()
    {
        await using var d = await Drill.StartAsync();

        Assert.Equal(5, d.Server.Sites.Count);
        Assert.All(d.Server.Sites.Values, u => Assert.Equal("127.0.0.1", u.Host));
        Assert.Equal(5, d.Server.Sites.Values.Select(u => u.Port).Distinct().Count());
        Assert.Equal(DrillScenario.Demo().Posts.Count, d.Server.Scenario.Posts.Count);
    }

    [Fact]
    public async Task StartAsync_BadOptions_Refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => DrillServer.StartAsync(new DrillOptions { Speed = 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => DrillServer.StartAsync(new DrillOptions { BasePort = 70000 }, CancellationToken.None));
    }

    [Fact]
    public async Task Speed_Ten_ScenarioRunsTenTimesFasterAndTimesAgree()
    {
        await using var d = await Drill.StartAsync(Some.Scenario(Some.Root(DrillSite.Feeds, "late", at: 600, title: "十分钟后")), speed: 10);
        d.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.DoesNotContain("十分钟后", (await d.TextAsync(DrillSite.Feeds, "rss.xml")).Text, StringComparison.Ordinal);

        d.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(600, d.Server.Elapsed);
        var (_, rss, _) = await d.TextAsync(DrillSite.Feeds, "rss.xml");
        Assert.Contains("十分钟后", rss, StringComparison.Ordinal);
        Assert.Contains("Sat, 14 Sep 2024 10:01:00 +0800", rss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlOf_EveryDemoPost_PageAnswersWhileVisible()
    {
        await using var d = await Drill.StartAsync();
        d.At(100);
        var visible = d.Server.Scenario.Posts.Where(p => p.At <= 100 && (p.DeletedAt ?? double.MaxValue) > 100 && p.Parent is null).ToList();
        Assert.NotEmpty(visible);
        foreach (var post in visible)
        {
            using var response = await d.Http.GetAsync(d.Server.UrlOf(post.Id));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{post.Id} {d.Server.UrlOf(post.Id)} → {response.StatusCode}");
        }
    }

    [Fact]
    public async Task UrlOf_UnknownPost_Throws()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        Assert.Throws<KeyNotFoundException>(() => d.Server.UrlOf("nope"));
    }

    [Fact]
    public async Task Demo_AfterTenMinutes_DeletedPostsGoneEverywhere()
    {
        await using var d = await Drill.StartAsync();
        d.At(100);
        var tieba = await d.HtmlAsync(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0");
        Assert.Contains(tieba.QuerySelectorAll("a.j_th_tit"), a => a.TextContent.Contains("主观题真题提前拿到", StringComparison.Ordinal));

        d.At(620);
        tieba = await d.HtmlAsync(DrillSite.Tieba, "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0");
        Assert.DoesNotContain(tieba.QuerySelectorAll("a.j_th_tit"), a => a.TextContent.Contains("主观题真题提前拿到", StringComparison.Ordinal));
        var weibo = await d.JsonAsync(DrillSite.Weibo, "statuses/show?id=" + d.Server.PlatformIdOf("wb-2"));
        Assert.Equal(0, weibo.GetProperty("ok").GetInt32());
    }
}
