using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

/// <summary>/healthz, /readyz and /metrics on the console's host, over real HTTP on loopback, without a session.</summary>
public sealed class OperationsEndpointsTests
{
    [Fact]
    public async Task Healthz_WithoutASession_Answers200()
    {
        await using var console = await ConsoleHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = console.Address };

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_StoreAndEmbeddedIndex_ReadyWithHowFarTheIndexIsBehind()
    {
        await using var console = await ConsoleHarness.StartAsync();
        await console.SeedAsync("出售法考答案", Core.Alerting.IncidentLevel.III);
        using var http = new HttpClient { BaseAddress = console.Address };

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("ready").GetBoolean());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(checks["store"].GetProperty("ready").GetBoolean());
        // The harness runs no background indexer: the seeded post is stored and not yet searchable.
        Assert.Equal(1, checks["index"].GetProperty("behind").GetInt64());
    }

    [Fact]
    public async Task Readyz_ElasticsearchUnreachable_503NamingTheIndexAndHowFarBehind()
    {
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Search:Provider"] = "elasticsearch",
            // Nothing listens on the discard port on loopback: connection refused, as when the cluster is down.
            ["Search:Elasticsearch:Urls:0"] = "http://127.0.0.1:9",
            ["Search:Elasticsearch:RequestTimeout"] = "00:00:03",
        });
        await console.SeedAsync("出售法考答案", Core.Alerting.IncidentLevel.III);
        using var http = new HttpClient { BaseAddress = console.Address };

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var index = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "index");
        Assert.False(index.GetProperty("ready").GetBoolean());
        Assert.Equal(1, index.GetProperty("behind").GetInt64());
        Assert.Contains("elasticsearch unreachable", index.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "store").GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Metrics_MoveWhenPostsAreStoredAndRunsAndDeliveriesHappen()
    {
        await using var console = await ConsoleHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = console.Address };
        var source = "metrics-" + Guid.NewGuid().ToString("N")[..8];

        var before = await ScrapeAsync(http);
        Assert.Equal(0, Value(before, "sw_posts_stored_total", source));
        await console.Get<IPostStore>().UpsertPostAsync(
            new CollectedPost(source, "tieba", "m1", new Uri("http://127.0.0.1/p/m1"), "m1", null, new AuthorInfo("u", "u", 1), null, "法考答案", DateTimeOffset.UtcNow, null, new Engagement(null, null, null, null), null),
            DateTimeOffset.UtcNow, CancellationToken.None);
        SentimentWatchMetrics.CrawlRunFinished(source, "Partial");
        SentimentWatchMetrics.DeliveryFailed(source, dead: false);
        SentimentWatchMetrics.AlertDelivered(source, TimeSpan.FromSeconds(1.5));

        var after = await ScrapeAsync(http);

        Assert.Equal(1, Value(after, "sw_posts_stored_total", source));
        Assert.Equal(1, Value(after, "sw_crawl_runs_total", source));
        Assert.Equal(1, Value(after, "sw_crawl_failures_total", source));
        Assert.Equal(1, Value(after, "sw_delivery_failures_total", source));
        Assert.Equal(1, Value(after, "sw_alert_latency_seconds_count", source));
        // Gauges read from the store at scrape time: the post is neither classified nor searchable yet.
        Assert.True(Value(after, "sw_search_index_lag", null) >= 1, after);
        Assert.True(Value(after, "sw_classify_lag", null) >= 1, after);
        Assert.Matches(new Regex(@"^sw_outbox_depth(\{[^}]*\})? \d+", RegexOptions.Multiline), after);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of a Prometheus sample (its line carrying <paramref name="label"/> when given), 0 when absent.</summary>
    private static double Value(string text, string name, string? label)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' '
                && (label is null || line.Contains($"\"{label}\"", StringComparison.Ordinal)))
            {
                // name{labels} value [timestamp]
                var rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
                return double.Parse(rest.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
