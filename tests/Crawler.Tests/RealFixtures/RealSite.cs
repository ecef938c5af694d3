using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Crawler.Tests.Fetching.Support;
using SentimentWatch.Crawler.Tests.Parsing;
using SentimentWatch.Storage;

namespace SentimentWatch.Crawler.Tests.RealFixtures;

/// <summary>
/// Saved pages of the real platforms (<c>Fixtures/Real</c>, origins in its SOURCES.md) served on 127.0.0.1 at their
/// real paths, and the real crawler (fetcher, parser, runner, SQLite store) composed as the host composes it, with
/// one source on a shipped profile and no per-page selector keys. Anything not in the route table answers 404.
/// </summary>
internal sealed class RealSite : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-real-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    private RealSite(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    public IPostStore Posts => _services!.GetRequiredService<IPostStore>();

    public ISourceStateStore State => _services!.GetRequiredService<ISourceStateStore>();

    /// <summary>A site answering with <paramref name="handler"/> (robots.txt answers 404), for hostile answers written in the test.</summary>
    public static async Task<RealSite> StartAsync(Func<HttpContext, Task> handler) =>
        new(await LoopbackServer.StartWithoutRobotsAsync(handler));

    public static string FixturePath(string relative) => Path.Combine(ParsingFixtures.RepoRoot, "tests", "Crawler.Tests", "Fixtures", "Real", relative);

    /// <param name="routes">Path (and query, when the answer depends on it) → fixture file under Fixtures/Real.</param>
    /// <param name="rewriteHost">The platform's own origin in page text (a &lt;base href&gt;), replaced by the loopback origin.</param>
    public static async Task<RealSite> StartAsync(Func<HttpRequest, string?> routes, string? rewriteHost = null)
    {
        LoopbackServer? server = null;
        server = await LoopbackServer.StartWithoutRobotsAsync(async context =>
        {
            var file = routes(context.Request);
            if (file is null)
            {
                context.Response.StatusCode = 404;
                return;
            }

            var bytes = await File.ReadAllBytesAsync(FixturePath(file));
            if (rewriteHost is not null)
            {
                bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(rewriteHost, server!.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
            }

            // A page saved in GBK/GB2312 is served as the old portals and forums sent it: "text/html" and the charset only
            // in the page's own <meta>, so the fetcher's charset detection is part of what is tested.
            context.Response.ContentType = file.EndsWith(".json", StringComparison.Ordinal) ? "application/json; charset=utf-8"
                : IsUtf8(bytes) ? "text/html; charset=utf-8" : "text/html";
            await context.Response.Body.WriteAsync(bytes);
        });
        return new RealSite(server);
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Composes the crawler with one source <c>real</c> on <paramref name="profile"/> starting at <paramref name="startPath"/>.</summary>
    public void UseSource(string profile, string startPath, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var keys = new Dictionary<string, string?>
        {
            ["Storage:Database"] = Path.Combine(_dir, "real.db"),
            ["Crawler:Profiles"] = ParsingFixtures.ProfilesDir,
            ["Crawler:Sources:0:Id"] = "real",
            ["Crawler:Sources:0:Profile"] = profile,
            ["Crawler:Sources:0:Urls:0"] = Server.Url(startPath.TrimStart('/')).AbsoluteUri,
            ["Crawler:Sources:0:Interval"] = "00:05:00",
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.001",
            ["Outbound:AllowLoopback"] = "true",
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
            ["Crawler:Fetching:Timeout"] = "00:00:20",
            ["Crawler:Fetching:AttemptTimeout"] = "00:00:10",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            keys["Crawler:Sources:0:" + k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddStorage(configuration)
            .AddCrawler(configuration)
            .BuildServiceProvider();
        _services.GetService<IStartupValidator>()?.Validate();
    }

    public SourceOptions Source => _services!.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources.Single();

    public Task<SourceRunReport> RunAsync() => _services!.GetRequiredService<ISourceRunner>().RunAsync(Source, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}

/// <summary>
/// One post as written down by reading a saved page (<c>*.expected.json</c>). <see cref="Time"/> is null where the page
/// gives no exact time (a Tieba list shows only the year and month of an old thread): the post is then right only when
/// stored without one, never with a day the page did not give.
/// </summary>
internal sealed record ExpectedPost(string Id, string Author, DateTimeOffset? Time, string Text, string? Quote, string? Contains);

/// <summary>Expected posts of one fixture and the field-by-field comparison the numbers are reported from.</summary>
internal static class Expectations
{
    public static IReadOnlyList<ExpectedPost> Load(string relative)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RealSite.FixturePath(relative)));
        return doc.RootElement.GetProperty("posts").EnumerateArray().Select(p => new ExpectedPost(
            p.GetProperty("id").GetString()!,
            p.GetProperty("author").GetString()!,
            p.GetProperty("time").GetString() is { } time ? DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture) : null,
            p.GetProperty("text").GetString()!,
            p.TryGetProperty("quote", out var q) ? q.GetString() : null,
            p.TryGetProperty("contains", out var c) ? c.GetString() : null)).ToList();
    }

    /// <summary>Whitespace differs between a browser's rendering and text extraction (line breaks at &lt;br&gt;): compare without it.</summary>
    public static string Squeeze(string? s) => new((s ?? "").Where(c => !char.IsWhiteSpace(c) && c != '\u200e').ToArray());

    /// <summary>Field-by-field result of one fixture: stored, author, time, text start (and quote where written down).</summary>
    public sealed record Score(string Fixture, int Expected, int Stored, int AuthorRight, int TimeRight, int TextRight, List<string> Mismatches)
    {
        public int AllRight => Mismatches.Count == 0 ? Expected : Expected - Mismatches.Select(m => m.Split(':')[0]).Distinct().Count();

        public override string ToString() =>
            $"| {Fixture} | {Expected} | {Stored} | {AuthorRight} | {TimeRight} | {TextRight} |";
    }

    public static Score Compare(string fixture, IReadOnlyList<ExpectedPost> expected, Func<string, (string? Author, DateTimeOffset? Time, string? Title, string Text, string? Quote)?> find,
        bool textIsTitle = false)
    {
        var mismatches = new List<string>();
        int stored = 0, author = 0, time = 0, text = 0;
        foreach (var e in expected)
        {
            if (find(e.Id) is not { } got)
            {
                mismatches.Add($"{e.Id}: not stored");
                continue;
            }

            stored++;
            if (got.Author == e.Author)
            {
                author++;
            }
            else
            {
                mismatches.Add($"{e.Id}: author '{got.Author}' (expected '{e.Author}')");
            }

            if (got.Time == e.Time)
            {
                time++;
            }
            else
            {
                mismatches.Add($"{e.Id}: time {got.Time:O} (expected {e.Time:O})");
            }

            var actual = Squeeze(textIsTitle ? got.Title : got.Text);
            var textOk = e.Text.Length == 0 ? actual.Length == 0 : actual.StartsWith(Squeeze(e.Text), StringComparison.Ordinal);
            textOk &= e.Contains is null || actual.Contains(Squeeze(e.Contains), StringComparison.Ordinal);
            if (textOk)
            {
                text++;
            }
            else
            {
                mismatches.Add($"{e.Id}: text '{Cut(textIsTitle ? got.Title : got.Text)}' (expected to start '{e.Text}'{(e.Contains is null ? "" : $" and hold '{e.Contains}'")})");
            }

            if (e.Quote is not null && got.Quote is not null && !Squeeze(got.Quote).StartsWith(Squeeze(e.Quote), StringComparison.Ordinal))
            {
                mismatches.Add($"{e.Id}: quote '{Cut(got.Quote)}' (expected to start '{e.Quote}')");
            }
        }

        return new Score(fixture, expected.Count, stored, author, time, text, mismatches);
    }

    private static string Cut(string? s) => s is null ? "(null)" : s.Length > 60 ? s[..60] + "…" : s;
}
