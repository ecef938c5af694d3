using Microsoft.AspNetCore.Http;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Tests.Fetching.Support;

namespace SentimentWatch.Crawler.Tests.Fetching;

/// <summary>robots.txt as the fetcher loads, caches and applies it, against a real server.</summary>
public sealed class RobotsCacheTests
{
    private static Task<LoopbackServer> ServeRobots(int status, string body) =>
        LoopbackServer.StartAsync(async c =>
        {
            if (c.Request.Path == "/robots.txt")
            {
                c.Response.StatusCode = status;
                await c.Response.WriteAsync(body);
                return;
            }

            await c.Response.WriteAsync("page");
        });

    [Fact]
    public async Task GetAsync_DisallowedPath_FailsWithoutTouchingThePage()
    {
        await using var server = await ServeRobots(200, "User-agent: *\nDisallow: /search\n");
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/search?kw=法考答案")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(SourceFailureKind.RobotsDisallowed, result.Failure!.Kind);
        Assert.Contains("Disallow: /search", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/search"));
    }

    [Fact]
    public async Task GetAsync_SourceOptsOut_FetchesDisallowedPageWithoutAskingRobots()
    {
        await using var server = await ServeRobots(200, "User-agent: *\nDisallow: /\n");
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/forum"), respectRobots: false), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Empty(server.SeenAt("/robots.txt"));
    }

    [Fact]
    public async Task GetAsync_ManyPagesOfOneHost_FetchesRobotsOnce()
    {
        await using var server = await ServeRobots(200, "User-agent: *\nDisallow: /private\n");
        using var harness = FetcherHarness.Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            harness.Fetcher.FetchAsync(Some.Request(server.Url($"/t/{i}")), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(FetchOutcome.Ok, r.Outcome));
        Assert.Single(server.SeenAt("/robots.txt"));
        Assert.Contains("SentimentWatch", server.SeenAt("/robots.txt")[0].Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_RobotsMissing_AllowsEverything()
    {
        await using var server = await ServeRobots(404, "not found");
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/anything")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task GetAsync_RobotsUnreachable_DisallowsHostByDefault()
    {
        await using var server = await ServeRobots(503, "maintenance");
        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Crawler:Fetching:Retry:MaxRetries"] = "0" });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/list")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.RobotsDisallowed, result.Failure!.Kind);
        Assert.Contains("unreachable (HTTP 503)", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Contains("WhenUnreachable", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/list"));
    }

    [Fact]
    public async Task GetAsync_RobotsUnreachableWithAllowPolicy_Crawls()
    {
        await using var server = await ServeRobots(500, "oops");
        using var harness = FetcherHarness.Create(new Dictionary<string, string?>
        {
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
            ["Crawler:Fetching:Robots:WhenUnreachable"] = "Allow",
        });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/list")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task GetAsync_RobotsNeverAnswers_PageFailsAsUnreachableNotHung()
    {
        await using var server = await LoopbackServer.StartAsync(async c =>
        {
            if (c.Request.Path == "/robots.txt")
            {
                await Task.Delay(Timeout.Infinite, c.RequestAborted);
            }

            await c.Response.WriteAsync("page");
        });
        using var harness = FetcherHarness.Create(new Dictionary<string, string?>
        {
            ["Crawler:Fetching:AttemptTimeout"] = "00:00:00.300",
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
        });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/list")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.RobotsDisallowed, result.Failure!.Kind);
        Assert.Contains("unreachable", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/list"));
    }

    [Fact]
    public async Task GetAsync_RedirectToDisallowedPath_StopsAtTheHop()
    {
        await using var server = await LoopbackServer.StartAsync(async c =>
        {
            switch (c.Request.Path.Value)
            {
                case "/robots.txt":
                    await c.Response.WriteAsync("User-agent: *\nDisallow: /login\n");
                    break;
                case "/thread/9":
                    c.Response.Redirect("/login?next=/thread/9");
                    break;
                default:
                    await c.Response.WriteAsync("login wall");
                    break;
            }
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/thread/9")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.RobotsDisallowed, result.Failure!.Kind);
        Assert.Equal(server.Url("/login?next=/thread/9"), result.Failure.Url);
        Assert.Empty(server.SeenAt("/login"));
    }
}
