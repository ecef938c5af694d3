using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Crawler.Tests.Fetching.Support;
using SentimentWatch.Storage;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>
/// A logged-in source crawled for real (profile + source headers, cookie from the environment, token from the secrets
/// section): the site receives the credentials; the log, the run report and the stored exchanges never hold them.
/// </summary>
public sealed class SourceSecretsTests : IDisposable
{
    private const string CookieValue = "SUB=_2A25Lsecret-session-cookie; SUBP=0033WrSXqPxf";
    private const string TokenValue = "xsrf-7f3a9c-secret-token";
    private const string RenewedCookie = "SUB=_2A25Lrenewed-session; Path=/; HttpOnly";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-secrets-" + Guid.NewGuid().ToString("N"));
    private readonly string _envName = "SW_TEST_WEIBO_COOKIE_" + Guid.NewGuid().ToString("N");

    public SourceSecretsTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "profiles"));
        // A site profile that asks for a session header the way a real microblog API does, by reference only.
        File.WriteAllText(Path.Combine(_dir, "profiles", "loggedin.json"), """
        {
          "Kind": "Json",
          "Platform": "weibo",
          "Headers": { "X-Requested-With": "XMLHttpRequest", "X-Xsrf-Token": "secret:weibo_xsrf" },
          "Selectors": { "items": "data.cards[*].mblog", "id": "id", "body": "text", "link": "/detail/{id}" }
        }
        """);
        Environment.SetEnvironmentVariable(_envName, CookieValue);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_envName, null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private ServiceProvider Services(Uri listUrl, ILoggerProvider logs) => new ServiceCollection()
        .AddSingleton<IConfiguration>(Config(listUrl))
        .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
        .AddStorage(Config(listUrl))
        .AddCrawler(Config(listUrl))
        .BuildServiceProvider();

    private IConfiguration Config(Uri listUrl) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:Database"] = Path.Combine(_dir, "s.db"),
        ["Secrets:weibo_xsrf"] = TokenValue,
        ["Crawler:Profiles"] = Path.Combine(_dir, "profiles"),
        ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00",
        ["Crawler:Sources:0:Id"] = "weibo-loggedin",
        ["Crawler:Sources:0:Profile"] = "loggedin",
        ["Crawler:Sources:0:Urls:0"] = listUrl.AbsoluteUri,
        // The list server runs on 127.0.0.1: this source (only) may reach loopback.
        ["Crawler:Sources:0:Outbound:AllowLoopback"] = "true",
        ["Crawler:Sources:0:Interval"] = "00:05:00",
        ["Crawler:Sources:0:Cookie"] = "env:" + _envName,
        ["Crawler:Sources:0:Headers:Authorization"] = "Bearer literal-bearer-secret",
    }).Build();

    [Fact]
    public async Task Run_LoggedInSource_CredentialsSentButNeverLoggedReportedOrStored()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.ContentType = "application/json; charset=utf-8";
            c.Response.Headers.SetCookie = RenewedCookie;
            await c.Response.WriteAsync("""{"ok":1,"data":{"cards":[{"mblog":{"id":"5001","text":"有人出售法考答案"}}]}}""");
        });
        var logs = new CapturingLoggerProvider();
        await using var services = Services(server.Url("/api/container/getIndex?containerid=102803"), logs);
        services.GetRequiredService<IStartupValidator>().Validate();
        var source = services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources.Single();

        var report = await services.GetRequiredService<ISourceRunner>().RunAsync(source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Ok, report.Status);
        var seen = server.SeenAt("/api/container/getIndex").Single().Headers;
        Assert.Equal(CookieValue, seen["Cookie"]);
        Assert.Equal(TokenValue, seen["X-Xsrf-Token"]);
        Assert.Equal("Bearer literal-bearer-secret", seen["Authorization"]);
        Assert.Equal("XMLHttpRequest", seen["X-Requested-With"]);

        var store = services.GetRequiredService<IPostStore>();
        var post = (await store.FindPostAsync("weibo-loggedin", "5001", CancellationToken.None))!;
        var exchange = (await store.GetExchangeAsync(post.ExchangeId!.Value, CancellationToken.None))!;
        var request = exchange.RequestHeaders.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("[redacted]", request["Cookie"]);
        Assert.Equal("[redacted]", request["X-Xsrf-Token"]);
        Assert.Equal("[redacted]", request["Authorization"]);
        Assert.Equal("XMLHttpRequest", request["X-Requested-With"]);
        Assert.Contains(exchange.ResponseHeaders, h => h.Key == "Set-Cookie" && h.Value == "[redacted]");

        var everything = string.Join("\n", logs.Messages) + "\n" + string.Join("\n", report.Failures.Select(f => f.Reason))
            + "\n" + string.Join("\n", exchange.RequestHeaders.Concat(exchange.ResponseHeaders).Select(h => h.Key + ": " + h.Value));
        Assert.NotEmpty(logs.Messages);
        foreach (var secret in new[] { "secret-session-cookie", TokenValue, "literal-bearer-secret", "renewed-session" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_ProfileHeaderNamesAMissingSecret_StartsButTheSourceCheckNamesSourceAndSecret()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crawler:Profiles"] = Path.Combine(_dir, "profiles"),
            ["Crawler:Sources:0:Id"] = "weibo-loggedin",
            ["Crawler:Sources:0:Profile"] = "loggedin",
            ["Crawler:Sources:0:Urls:0"] = "https://m.weibo.example.cn/api",
            ["Crawler:Sources:0:Interval"] = "00:05:00",
            ["Crawler:Sources:0:Headers:X-Session-Token"] = "env:SW_TEST_SURELY_UNSET_SESSION",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddCrawler(config).BuildServiceProvider();

        // Start-up does not refuse (other sources and verbs must work); the source's own check names both, once each.
        services.GetRequiredService<IStartupValidator>().Validate();
        var errors = services.GetRequiredService<SentimentWatch.Crawler.Fetching.UnresolvedSourceSecrets>().For("weibo-loggedin");

        Assert.Equal(2, errors.Count);
        Assert.Single(errors, e => e.StartsWith("Crawler:Sources:0:Headers:X-Xsrf-Token 'secret:weibo_xsrf' (source 'weibo-loggedin')", StringComparison.Ordinal)
            && e.Contains("names secret 'weibo_xsrf', which is not set", StringComparison.Ordinal));
        Assert.Single(errors, e => e.StartsWith("Crawler:Sources:0:Headers:X-Session-Token 'env:SW_TEST_SURELY_UNSET_SESSION' (source 'weibo-loggedin')", StringComparison.Ordinal)
            && e.Contains("environment variable 'SW_TEST_SURELY_UNSET_SESSION'", StringComparison.Ordinal));
        Assert.Empty(services.GetRequiredService<SentimentWatch.Crawler.Fetching.UnresolvedSourceSecrets>().For("no-such-source"));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var sb = new StringBuilder(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (k, v) in pairs)
                    {
                        sb.Append(' ').Append(k).Append('=').Append(v);
                    }
                }

                owner.Messages.Enqueue(sb.Append(' ').Append(exception).ToString());
            }
        }
    }
}
