using System.Net;
using Microsoft.Extensions.Logging;
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
    public async Task StartAsync_LoggerFactory_LogsStartAndEveryRequest()
    {
        var sink = new ListLoggerProvider();
        using var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug));
        await using (var server = await DrillServer.StartAsync(new DrillOptions { Scenario = Some.Scenario(), LoggerFactory = factory }, CancellationToken.None))
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(server.BaseUri(DrillSite.News), "robots.txt"));
        }

        Assert.Equal(5, sink.Lines.Count(l => l.EventId == 5100));
        Assert.Contains(sink.Lines, l => l.EventId == 5101 && l.Message == "News GET /robots.txt -> 200");
        Assert.Contains(sink.Lines, l => l.EventId == 5102);
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

/// <summary>Collects log lines in memory.</summary>
internal sealed class ListLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<(int EventId, string Message)> Lines { get; } = new();

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLoggerProvider owner) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
