using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.DrillSites;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>Every source kind crawled for real: fetcher, parser, runner and SQLite against the drill sites.</summary>
public sealed class DrillCrawlTests
{
    [Theory]
    [InlineData("drill-tieba")]
    [InlineData("drill-discuz")]
    [InlineData("drill-discuz-search")]
    [InlineData("drill-weibo")]
    [InlineData("drill-news")]
    [InlineData("drill-rss")]
    [InlineData("drill-atom")]
    public async Task Run_EachSourceKind_CollectsPostsWithoutFailures(string sourceId)
    {
        await using var h = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync(sourceId);

        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        Assert.True(report.NewPosts > 0, $"{sourceId} stored no posts");
    }

    [Fact]
    public async Task Run_BoardAfterItsKeywordSearchStoredAThread_BoardStillStoresThatThread()
    {
        // The forum's board and its keyword search link the same canonical thread URL (extra / highlight are tracking
        // parameters). The search source's validators for that page must not make the board source's first fetch of it a
        // 304: the board never stored the thread, and its run would have said Ok without it (the crawl benchmark's
        // drill-discuz stored 3,980 of its 4,000 posts when drill-discuz-search reached some threads first).
        HashSet<string> alone;
        await using (var control = await DrillHarness.StartAsync())
        {
            control.Clock.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal(SourceRunStatus.Ok, (await control.RunAsync("drill-discuz")).Status);
            alone = await StoredIdsAsync(control, "drill-discuz");
        }

        await using var h = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var search = await h.RunAsync("drill-discuz-search");
        var fromSearch = await StoredIdsAsync(h, "drill-discuz-search");
        // The precondition: the search stored some of the board's threads first.
        Assert.True(fromSearch.Overlaps(alone), "the keyword search stored none of the board's posts; the test proves nothing");

        var board = await h.RunAsync("drill-discuz");

        Assert.Equal(SourceRunStatus.Ok, search.Status);
        Assert.Equal(SourceRunStatus.Ok, board.Status);
        var afterSearch = await StoredIdsAsync(h, "drill-discuz");
        var missed = alone.Where(id => !afterSearch.Contains(id)).ToList();
        Assert.True(missed.Count == 0, $"drill-discuz missed {missed.Count} of its {alone.Count} post(s) after drill-discuz-search: {string.Join(", ", missed.Take(10))}");
        Assert.Equal(alone.Count, board.NewPosts);
    }

    [Fact]
    public async Task Run_ThreadAnswers304ButTheSourceStoredNothingFromIt_FetchedAgainInFullAndStored()
    {
        // The validators of an earlier run survive while its posts do not (a database restored from a backup taken
        // between the two, posts pruned): every thread page then answers 304 to this source, which holds nothing from
        // it. Trusting the 304 would hide those threads for good while the run says Ok.
        HashSet<string> alone;
        var stale = new List<UrlValidators>();
        // A thread page shows its view count, which grows with scenario time, and the crawler's politeness delays move
        // that time: without them both crawls read every page at the same scenario moment, so the earlier crawl's
        // validators are exactly what this one's pages answer 304 to.
        var timeStandsStill = new Dictionary<string, string?> { ["Crawler:Fetching:Politeness:Enabled"] = "false" };
        await using (var earlier = await DrillHarness.StartAsync(settings: timeStandsStill))
        {
            earlier.Clock.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal(SourceRunStatus.Ok, (await earlier.RunAsync("drill-discuz")).Status);
            alone = await StoredIdsAsync(earlier, "drill-discuz");
            var saved = earlier.Services.GetRequiredService<IUrlValidatorStore>();
            var urls = (await earlier.Posts.GetRecentPostsAsync("drill-discuz", DateTimeOffset.MinValue, 5000, CancellationToken.None))
                .Select(p => p.Url).DistinctBy(u => u.AbsoluteUri);
            foreach (var url in urls)
            {
                if (await saved.GetAsync(PageIo.ValidatorKey("drill-discuz", url), CancellationToken.None) is { } v)
                {
                    stale.Add(v);
                }
            }
        }

        Assert.NotEmpty(stale);
        await using var h = await DrillHarness.StartAsync(settings: timeStandsStill);
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var validators = h.Services.GetRequiredService<IUrlValidatorStore>();
        var port = new Uri(h.Source("drill-discuz").Urls[0]).Port;
        foreach (var v in stale)
        {
            // The same pages on this run's drill server (its port differs).
            await validators.SaveAsync(v with { Url = new UriBuilder(v.Url) { Port = port }.Uri }, CancellationToken.None);
        }

        var report = await h.RunAsync("drill-discuz");

        // The precondition: the first request for a thread carried the stale validators and the site answered 304, so
        // the test exercises the re-fetch.
        var firstAsks = h.Drill.Requests(DrillSite.Discuz).Where(r => r.PathAndQuery.Contains("viewthread", StringComparison.Ordinal))
            .DistinctBy(r => r.PathAndQuery).ToList();
        Assert.NotEmpty(firstAsks);
        Assert.All(firstAsks, r => Assert.Equal(304, r.Status));
        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        var stored = await StoredIdsAsync(h, "drill-discuz");
        var missed = alone.Where(id => !stored.Contains(id)).ToList();
        Assert.True(missed.Count == 0, $"drill-discuz missed {missed.Count} of its {alone.Count} post(s) behind stale 304s: {string.Join(", ", missed.Take(10))}");
        Assert.Contains(report.Notes, n => n.Contains("stale validator", StringComparison.Ordinal));
    }

    private static async Task<HashSet<string>> StoredIdsAsync(DrillHarness h, string sourceId) =>
        (await h.Posts.GetRecentPostsAsync(sourceId, DateTimeOffset.MinValue, 5000, CancellationToken.None))
            .Select(p => p.PlatformPostId).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Run_NewsArticles_CommentThreadReadFromTheJsonpApiTheirScriptNames()
    {
        // The drill articles name no comment API in their markup: the id sits in a script, the news profile's
        // commentsUrl template is filled from it and the API answers JSONP.
        await using var h = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync("drill-news");

        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        Assert.True(h.Drill.RequestCount(DrillSite.News, "/api/comments") > 0, "the comments API was never asked");
        var stored = await h.Posts.GetRecentPostsAsync("drill-news", DateTimeOffset.MinValue, 5000, CancellationToken.None);
        Assert.Contains(stored, p => p.ParentPlatformPostId is not null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_RobotsTxtDisallowsTheFeed_RobotsFailureUnlessTheSourceOptsOut(bool respectRobots)
    {
        // drill-rss is source 5 of the drill configuration; RespectRobotsTxt is the documented per-source override.
        await using var h = await DrillHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Crawler:Sources:5:RespectRobotsTxt"] = respectRobots ? "true" : "false",
        });
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Drill.Control(DrillSite.Feeds).RobotsTxt = "User-agent: *\nDisallow: /\n";

        var report = await h.RunAsync("drill-rss");

        if (respectRobots)
        {
            Assert.Equal(SourceRunStatus.Failed, report.Status);
            Assert.Equal(SourceFailureKind.RobotsDisallowed, Assert.Single(report.Failures).Kind);
            Assert.Equal(0, report.NewPosts);
            Assert.Equal(0, h.Drill.RequestCount(DrillSite.Feeds, "/rss.xml"));
        }
        else
        {
            Assert.Equal(SourceRunStatus.Ok, report.Status);
            Assert.True(report.NewPosts > 0);
        }
    }

    [Fact]
    public async Task Run_SameForumThroughAHostAliasAndWithTrackingParameters_EachPostStoredOnceUnderTheCanonicalUrl()
    {
        // "localhost" plays the mobile host of the same site: the drill links pages to whatever host was asked, so every
        // post is seen under both hosts, once with a share-tracking parameter.
        await using var h = await DrillHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Crawler:Sources:0:CanonicalHosts:localhost"] = "127.0.0.1",
        }, serverSettings: d => new Dictionary<string, string?>
        {
            ["Crawler:Sources:0:Urls:0"] = $"http://localhost:{d.BaseUri(DrillSite.Tieba).Port}/f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0&fr=share",
            ["Crawler:Sources:0:Urls:1"] = new Uri(d.BaseUri(DrillSite.Tieba), "f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0").AbsoluteUri,
        });
        await using var plain = await DrillHarness.StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        plain.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync("drill-tieba");
        var expected = await plain.RunAsync("drill-tieba");

        Assert.True(report.Status == SourceRunStatus.Ok, string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}")));
        Assert.True(h.Drill.RequestCount(DrillSite.Tieba, "/f") >= 2, "both start URLs were read");
        var stored = (await h.Posts.GetChangesAfterAsync(0, 10_000, CancellationToken.None)).Select(c => c.Post).ToList();
        Assert.Equal(expected.NewPosts, report.NewPosts);
        Assert.Equal(expected.NewPosts, stored.Count);
        Assert.All(stored, p => Assert.Equal("127.0.0.1", p.Url.Host));
        Assert.DoesNotContain(stored, p => p.Url.Query.Contains("fr=", StringComparison.Ordinal));
    }
}
