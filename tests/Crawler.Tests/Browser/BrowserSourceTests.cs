using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Fetching.Browser;
using SentimentWatch.Crawler.Tests.EndToEnd;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Crawler.Tests.Browser;

/// <summary>
/// Browser sources and logged-in sources against the drill's two special Tieba boards (scenarios/demo-boards.jsonl):
/// the browser-only board whose threads exist only once its script has loaded them, and the members' board whose
/// session expires. Expected values are the scenario's own lines.
/// </summary>
public sealed class BrowserSourceTests
{
    private static Task<DrillHarness> StartAsync(Dictionary<string, string?>? settings = null) =>
        DrillHarness.StartAsync(DrillScenario.DemoWithBoards(), settings: settings, serverSettings: d => DrillSourceConfig.Boards(d, TimeSpan.FromMinutes(1)));

    private static string Why(SourceRunReport r) => string.Join("\n", r.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}").Concat(r.Notes));

    [ChromiumFact]
    public async Task Run_BrowserOnlyBoard_ThreadsTheScriptLoadedStoredFieldByFieldAndNoPageLeftOpen()
    {
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var report = await h.RunAsync("drill-tieba-app");

        Assert.True(report.Status == SourceRunStatus.Ok, Why(report));
        var expected = h.Drill.Scenario.Posts.Where(p => p.Board == "法考app").ToList();
        Assert.Equal(8, expected.Count);
        foreach (var post in expected)
        {
            var stored = await h.Posts.FindPostAsync("drill-tieba-app", h.Drill.PlatformIdOf(post.Id).ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
            Assert.True(stored is not null, $"{post.Id} '{post.Title}' not stored; {Why(report)}");
            Assert.Equal(post.Title, stored.Title);
            Assert.Equal(post.Text, stored.Text);
            Assert.Equal(post.Author.Name, stored.Author.DisplayName);
            Assert.Equal(h.Drill.Start.AddSeconds(post.At).ToUnixTimeSeconds(), stored.PublishedAtUtc!.Value.ToUnixTimeSeconds());
            Assert.Equal(h.Drill.UrlOf(post.Id).AbsoluteUri, stored.Url.AbsoluteUri);
        }

        // Four threads per answer: the page's own load, then one "加载更多" click; the button is gone after the second.
        Assert.Equal(2, h.Drill.RequestCount(DrillSite.Tieba, "/app/api/threads"));
        Assert.Equal(0, h.Services.GetRequiredService<IPageRenderer>().OpenPages);
        Assert.Equal(8, report.RoleMatches["authorName"].Matched);
    }

    [ChromiumFact]
    public async Task Run_BrowserOnlyBoardReadOverHttp_FindsNoThreadInTheMarkup()
    {
        // The same page read as an HTTP source: the threads are not in the answer, which is why the board needs a browser.
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var source = h.Source("drill-tieba-app");
        var page = await h.Services.GetRequiredService<SentimentWatch.Crawler.Fetching.IPageFetcher>().FetchAsync(new SentimentWatch.Crawler.Fetching.FetchRequest(new Uri(source.Urls[0]), source.Id), CancellationToken.None);

        Assert.Equal(SentimentWatch.Crawler.Fetching.FetchOutcome.Ok, page.Outcome);
        Assert.DoesNotContain("app-thread\" data-tid", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Drill.Scenario.Find("app-1")!.Title!, page.Text, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Run_BrowserPageNeverSettles_FailedWithTheReasonAndThePageClosed()
    {
        await using var h = await StartAsync(new() { ["Crawler:Browser:SettleTimeout"] = "00:00:02" });
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Drill.Control(DrillSite.Tieba).AppNeverRenders = true;

        var report = await h.RunAsync("drill-tieba-app");

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(SourceFailureKind.Timeout, failure.Kind);
        Assert.Contains("never settled", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("li.app-thread", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, h.Services.GetRequiredService<IPageRenderer>().OpenPages);
    }

    [ChromiumFact]
    public async Task Run_BrowserSourceMeetsACaptcha_ReportedAsCaptchaNeverSolved()
    {
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Drill.Control(DrillSite.Tieba).Captcha = true;

        var report = await h.RunAsync("drill-tieba-app");

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        Assert.Equal(SourceFailureKind.Captcha, Assert.Single(report.Failures).Kind);
    }

    [ChromiumFact]
    public async Task Run_BrowserSourceRobotsDisallowsItsDataEndpoint_PageNeverGetsItsThreads()
    {
        // Every request the page makes goes through the crawler's fetcher: robots.txt holds for the script's JSON too.
        await using var h = await StartAsync(new() { ["Crawler:Browser:SettleTimeout"] = "00:00:02" });
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        h.Drill.Control(DrillSite.Tieba).RobotsTxt = "User-agent: *\nDisallow: /app/\n";

        var report = await h.RunAsync("drill-tieba-app");

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        Assert.Equal(0, h.Drill.RequestCount(DrillSite.Tieba, "/app/api/threads"));
        Assert.Equal(0, report.NewPosts);
    }

    [Fact]
    public async Task Run_MembersBoardSessionExpires_SessionExpiredEventPausesSourceUntilTheCookieIsRenewed()
    {
        await using var h = await StartAsync();
        var club = h.Drill.Control(DrillSite.Tieba);
        club.ClubSessionExpiresAt = 300;
        h.Clock.Advance(TimeSpan.FromSeconds(100));

        var first = await h.RunAsync("drill-tieba-club");
        Assert.True(first.Status == SourceRunStatus.Ok, Why(first));
        Assert.NotNull(await h.Posts.FindPostAsync("drill-tieba-club", h.Drill.PlatformIdOf("club-2").ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None));

        // The session ends: the board redirects to its login page (served with 200).
        h.Clock.Advance(TimeSpan.FromSeconds(250));
        var expired = await h.RunAsync("drill-tieba-club");
        Assert.Equal(SourceFailureKind.LoginWall, Assert.Single(expired.Failures).Kind);
        Assert.Contains("/passport/login", expired.Failures[0].Reason, StringComparison.Ordinal);
        var events = await h.State.GetHealthEventsAfterAsync(0, 100, CancellationToken.None);
        var sessionEvent = Assert.Single(events, e => e.Kind == "session-expired");
        Assert.Equal("drill-tieba-club", sessionEvent.SourceId);
        Assert.DoesNotContain(DrillSiteControl.ClubCookie, sessionEvent.Message, StringComparison.Ordinal);

        // Paused: the next run does not ask the site at all and says why.
        var asked = h.Drill.TotalRequests(DrillSite.Tieba);
        var paused = await h.RunAsync("drill-tieba-club");
        Assert.Equal(SourceRunStatus.Failed, paused.Status);
        Assert.Contains("paused: the session expired", Assert.Single(paused.Failures).Reason, StringComparison.Ordinal);
        Assert.Equal(asked, h.Drill.TotalRequests(DrillSite.Tieba));
        Assert.Single(await h.State.GetHealthEventsAfterAsync(0, 100, CancellationToken.None), e => e.Kind == "session-expired");

        // The operator renews the cookie (the secret changes): the next run sees a different cookie, resumes and collects.
        h.Clock.Advance(TimeSpan.FromSeconds(100));
        h.Services.GetRequiredService<IConfiguration>()["Secrets:" + DrillSourceConfig.ClubCookieSecret] = DrillSiteControl.RenewedClubCookie;
        var renewed = await h.RunAsync("drill-tieba-club");
        Assert.True(renewed.Status == SourceRunStatus.Ok, Why(renewed));
        Assert.Contains(renewed.Notes, n => n.StartsWith("session renewed", StringComparison.Ordinal));
        Assert.Contains(await h.State.GetHealthEventsAfterAsync(0, 100, CancellationToken.None), e => e.Kind == "session-renewed");
        Assert.NotNull(await h.Posts.FindPostAsync("drill-tieba-club", h.Drill.PlatformIdOf("club-4").ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None));
        Assert.Null(await h.State.GetPauseAsync("drill-tieba-club", CancellationToken.None));
    }
}
