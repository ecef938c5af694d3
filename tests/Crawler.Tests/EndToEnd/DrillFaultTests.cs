using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>
/// Issue 2's "bad input and faults" crawled for real: a source pointed at each drill fault is marked failed with the URL
/// and the reason (never "nothing new"), stores nothing, and the next source still collects.
/// </summary>
public sealed class DrillFaultTests
{
    public static TheoryData<string, string, string, SourceFailureKind, string> Faults => new()
    {
        { "a selector that matches nothing", "tieba", "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0", SourceFailureKind.NotParseable, "'list' (#thread_list_v2) matched nothing" },
        { "a page that is not HTML", "tieba", "_drill/fault/not-html", SourceFailureKind.NotParseable, "" },
        { "a 20 MB page", "tieba", "_drill/fault/huge", SourceFailureKind.TooLarge, "" },
        { "a redirect loop", "tieba", "_drill/fault/redirect-loop", SourceFailureKind.TooManyRedirects, "" },
        { "a server that never answers", "tieba", "_drill/fault/hang", SourceFailureKind.Timeout, "(Crawler:Fetching:AttemptTimeout)" },
        { "a 500", "tieba", "_drill/fault/500", SourceFailureKind.HttpStatus, "500" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Run_SourceHitsFault_FailedWithUrlAndReason_NextSourceStillCollects(string fault, string profile, string path, SourceFailureKind kind, string reason)
    {
        await using var h = await DrillHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Crawler:Sources:7:Id"] = "faulty",
            ["Crawler:Sources:7:Profile"] = profile,
            ["Crawler:Sources:7:Outbound:AllowLoopback"] = "true",
            ["Crawler:Sources:7:Interval"] = "00:01:00",
            ["Crawler:Sources:7:Selectors:list"] = profile == "tieba" ? "#thread_list_v2" : null,
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
        }, serverSettings: drill => new Dictionary<string, string?>
        {
            ["Crawler:Sources:7:Urls:0"] = new Uri(drill.BaseUri(profile == "discuz" ? DrillSite.Discuz : DrillSite.Tieba), path).AbsoluteUri,
        });
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var site = profile == "discuz" ? DrillSite.Discuz : DrillSite.Tieba;
        var url = new Uri(h.Drill.BaseUri(site), path);

        var run = h.RunAsync("faulty");
        if (kind == SourceFailureKind.Timeout)
        {
            // The crawler's timeouts run on the fake clock, which a request in flight does not move: once the hanging
            // request has reached the server (robots.txt answered, then one more arrived and not answered: the crawler
            // asks a host one thing at a time), the test lets the attempt timeout pass.
            await WaitUntilAsync(() => h.Drill.RequestCount(site, "/robots.txt") > 0 && h.Drill.ArrivedRequests(site) > h.Drill.TotalRequests(site), run);
            Assert.False(run.IsCompleted, "the run ended before its attempt timeout passed");
            h.Clock.Advance(h.Services.GetRequiredService<IOptions<FetchingOptions>>().Value.AttemptTimeout);
        }

        var report = await run;

        Assert.True(report.Status == SourceRunStatus.Failed, $"{fault}: {report.Status}");
        Assert.Equal(0, report.NewPosts);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(kind, failure.Kind);
        Assert.NotNull(failure.Url);
        Assert.StartsWith(url.GetLeftPart(UriPartial.Path), failure.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains(reason, failure.Reason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        var recorded = Assert.Single(await h.State.GetRecentRunsAsync("faulty", 5, CancellationToken.None));
        Assert.Equal(SourceRunStatus.Failed, recorded.Status);

        var next = await h.RunAsync("drill-rss");
        Assert.True(next.Status == SourceRunStatus.Ok, $"drill-rss after {fault}: {next.Status} — {string.Join("; ", next.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}"))}");
        Assert.True(next.NewPosts > 0);
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails at once if <paramref name="run"/> ends first.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, Task run)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.False(run.IsCompleted, "the run ended before the condition held");
            await Task.Delay(10, patience.Token);
        }
    }

    [Fact]
    public async Task Run_GbkForumDeclaresUtf8_BytesSniffedAndPostsStoredIntactNotAsMojibake()
    {
        // "A wrong charset": the GBK forum labels its pages UTF-8 in header and meta. The fetcher must notice the bytes are
        // not UTF-8 and decode them as GBK, so the posts are exactly those of a correctly labelled crawl.
        await using var honest = await DrillHarness.StartAsync();
        await using var lying = await DrillHarness.StartAsync();
        honest.Clock.Advance(TimeSpan.FromMinutes(11));
        lying.Clock.Advance(TimeSpan.FromMinutes(11));
        lying.Drill.Control(DrillSite.Discuz).WrongCharset = true;

        var expected = await RunAndReadAsync(honest);
        var actual = await RunAndReadAsync(lying);

        Assert.NotEmpty(actual);
        Assert.DoesNotContain(actual, p => p.Contains('\ufffd', StringComparison.Ordinal));
        Assert.Equal(expected, actual);

        static async Task<List<string>> RunAndReadAsync(DrillHarness h)
        {
            var report = await h.RunAsync("drill-discuz");
            Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
            var changes = await h.Posts.GetChangesAfterAsync(0, 10_000, CancellationToken.None);
            return changes.Select(c => $"{c.Post.PlatformPostId}|{c.Post.Title}|{c.Post.Text}").Order(StringComparer.Ordinal).ToList();
        }
    }

    [Fact]
    public async Task Run_ListPageTwoAnswers500_FailedThereKeepingPageOne_NextRunCollectsTheRest()
    {
        // "A 500 mid-page": two threads per list page, page 2 fails; the complete crawl is the reference.
        var sizes = new DrillPageSizes { TiebaThreads = 2 };
        await using var reference = await DrillHarness.StartAsync(pageSizes: sizes);
        await using var h = await DrillHarness.StartAsync(pageSizes: sizes);
        reference.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var complete = await reference.RunAsync("drill-tieba");
        Assert.Equal(SourceRunStatus.Ok, complete.Status);
        h.Drill.Control(DrillSite.Tieba).FailListPage = 2;

        var broken = await h.RunAsync("drill-tieba");

        Assert.Equal(SourceRunStatus.Partial, broken.Status);
        var failure = Assert.Single(broken.Failures);
        Assert.Equal(SourceFailureKind.HttpStatus, failure.Kind);
        Assert.Contains("pn=2", failure.Url!.Query, StringComparison.Ordinal);
        Assert.InRange(broken.NewPosts, 1, complete.NewPosts - 1);
        Assert.Contains("pn=2", await h.State.GetCursorAsync("drill-tieba", CancellationToken.None), StringComparison.Ordinal);

        h.Drill.Control(DrillSite.Tieba).FailListPage = null;
        var resumed = await h.RunAsync("drill-tieba");

        Assert.Equal(SourceRunStatus.Ok, resumed.Status);
        Assert.Equal(complete.NewPosts, broken.NewPosts + resumed.NewPosts);
    }
}
