using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Tests.Fetching.Support;
using Microsoft.AspNetCore.Http;

namespace SentimentWatch.Crawler.Tests.Fetching;

public sealed class SourceRequestHeadersTests
{
    [Fact]
    public async Task For_SecretEnvAndLiteralValues_SentToTheSiteAndRedactedInTheExchange()
    {
        var envName = "SW_TEST_REFERER_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(envName, "https://tieba.example.cn/f?kw=%E6%B3%95%E8%80%83");
        try
        {
            await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => c.Response.WriteAsync("ok"));
            using var harness = FetcherHarness.Create(new Dictionary<string, string?>
            {
                ["Secrets:tieba_session"] = "BDUSS=abc123; STOKEN=xyz",
                ["Crawler:Sources:0:Id"] = "tieba-fakao",
                ["Crawler:Sources:0:Cookie"] = "secret:tieba_session",
                ["Crawler:Sources:0:Headers:X-Referer-Check"] = $"env:{envName}",
                ["Crawler:Sources:0:Headers:X-Client"] = "web",
                ["Crawler:Sources:1:Id"] = "other",
            });

            var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/f"), sourceId: "tieba-fakao"), CancellationToken.None);
            await harness.Fetcher.FetchAsync(Some.Request(server.Url("/g"), sourceId: "other"), CancellationToken.None);

            var seen = server.SeenAt("/f").Single().Headers;
            Assert.Equal("BDUSS=abc123; STOKEN=xyz", seen["Cookie"]);
            Assert.Equal("https://tieba.example.cn/f?kw=%E6%B3%95%E8%80%83", seen["X-Referer-Check"]);
            Assert.Equal("web", seen["X-Client"]);
            var recorded = result.Exchange!.RequestHeaders.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
            Assert.Equal("[redacted]", recorded["Cookie"]);
            Assert.Equal("[redacted]", recorded["X-Referer-Check"]);
            Assert.Equal("web", recorded["X-Client"]);
            Assert.False(server.SeenAt("/g").Single().Headers.ContainsKey("Cookie"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(envName, null);
        }
    }

    [Fact]
    public async Task For_RequestHeaderWithSecretReference_ResolvedAndRedacted()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => c.Response.WriteAsync("ok"));
        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Secrets:weibo_token"] = "tok-123" });
        var request = Some.Request(server.Url("/api")) with { Headers = new Dictionary<string, string> { ["X-Token"] = "secret:weibo_token" } };

        var result = await harness.Fetcher.FetchAsync(request, CancellationToken.None);

        Assert.Equal("tok-123", server.SeenAt("/api").Single().Headers["X-Token"]);
        Assert.Contains(result.Exchange!.RequestHeaders, h => h.Key == "X-Token" && h.Value == "[redacted]");
    }

    [Fact]
    public async Task For_RequestHeaderWithMissingSecret_FailsThePageNamingIt()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => c.Response.WriteAsync("ok"));
        using var harness = FetcherHarness.Create();
        var request = Some.Request(server.Url("/api")) with { Headers = new Dictionary<string, string> { ["X-Token"] = "secret:absent" } };

        var result = await harness.Fetcher.FetchAsync(request, CancellationToken.None);

        Assert.Equal(SourceFailureKind.Other, result.Failure!.Kind);
        Assert.Contains("'absent'", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/api"));
    }

    [Fact]
    public void Validate_MissingSecretEnvAndBadHeader_BadHeadersNamedReferencesLeftToTheirSource()
    {
        var errors = FetcherHarness.StartupErrors(new Dictionary<string, string?>
        {
            ["Crawler:Sources:0:Id"] = "weibo",
            ["Crawler:Sources:0:Cookie"] = "secret:weibo_cookie",
            ["Crawler:Sources:1:Id"] = "news",
            ["Crawler:Sources:1:Headers:Authorization"] = "env:SW_TEST_SURELY_UNSET_TOKEN",
            ["Crawler:Sources:1:Headers:Bad Header"] = "x",
            ["Crawler:Sources:1:Headers:Referer"] = "https://bbs.example.cn/法考",
        });

        // Unresolved env:/secret: references no longer refuse start-up (issue 13: they block only the verbs and runs
        // of their source, see UnresolvedSourceSecrets); broken literals still do.
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:1:Headers:Referer", StringComparison.Ordinal) && e.Contains("non-ASCII", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Crawler:Sources:1:Headers:Bad Header", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("secret:weibo_cookie", StringComparison.Ordinal) || e.Contains("SW_TEST_SURELY_UNSET_TOKEN", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LiteralCredentialWithLineBreak_RefusedNamingSourceWithoutPrintingTheValue()
    {
        var errors = FetcherHarness.StartupErrors(new Dictionary<string, string?>
        {
            ["Crawler:Sources:0:Id"] = "tieba-fakao",
            ["Crawler:Sources:0:Headers:Authorization"] = "Bearer sk-live-123\r\nX-Injected: 1",
            ["Crawler:Sources:0:Cookie"] = "BDUSS=literal-session\n",
        });

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("(source 'tieba-fakao')", e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains("line break", e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains("hidden", e, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("sk-live", StringComparison.Ordinal) || e.Contains("literal-session", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LiteralNonSecretHeaderWithLineBreak_RefusedShowingTheValue()
    {
        var errors = FetcherHarness.StartupErrors(new Dictionary<string, string?>
        {
            ["Crawler:Sources:0:Id"] = "news",
            ["Crawler:Sources:0:Headers:X-Client"] = "web\r\nHost: evil",
        });

        var error = Assert.Single(errors);
        Assert.StartsWith("Crawler:Sources:0:Headers:X-Client 'web", error, StringComparison.Ordinal);
        Assert.Contains("(source 'news') contains a line break", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_LiteralAuthorizationHeaderInRequest_SentButRedactedInTheExchange()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => c.Response.WriteAsync("ok"));
        using var harness = FetcherHarness.Create();
        var request = Some.Request(server.Url("/api")) with { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["X-Api-Key"] = "k-1" } };

        var result = await harness.Fetcher.FetchAsync(request, CancellationToken.None);

        Assert.Equal("Bearer abc", server.SeenAt("/api").Single().Headers["Authorization"]);
        Assert.Contains(result.Exchange!.RequestHeaders, h => h.Key == "Authorization" && h.Value == "[redacted]");
        Assert.Contains(result.Exchange.RequestHeaders, h => h.Key == "X-Api-Key" && h.Value == "[redacted]");
    }
}
