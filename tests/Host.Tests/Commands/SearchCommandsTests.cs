using System.Text.Json.Nodes;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Search;
using SentimentWatch.Host.Tests.Crash;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Classification;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>The real <c>sw search</c> and <c>sw search reindex</c> over a real store file nobody indexed before.</summary>
public sealed class SearchCommandsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 20, 0, 30, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-searchcli-" + Guid.NewGuid().ToString("N"));
    private readonly string _config;
    private readonly SqliteDatabase _db;

    public SearchCommandsTests()
    {
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        _db = new SqliteDatabase(Path.Combine(_dir, "data", "sentimentwatch.db"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<(int Exit, string Out, string Err)> SwAsync(params string[] args) =>
        SwProcess.RunAsync(_dir, new Dictionary<string, string?> { ["Paths:Data"] = Path.Combine(_dir, "data") }, TimeSpan.FromMinutes(3), ["--config", _config, .. args]);

    private async Task<(long Seller1, long Seller2, long Other)> SeedAsync()
    {
        using var posts = new SqlitePostStore(_db);
        var classifications = new SqliteClassificationStore(_db);
        async Task<long> Store(string id, string text, string platform, string label, params Contact[] contacts)
        {
            var written = await posts.UpsertPostAsync(new CollectedPost("src-" + platform, platform, id, new Uri($"http://127.0.0.1/{platform}/{id}"), id, null,
                new AuthorInfo("u" + id, "用户" + id, 1), null, text, T0, null, new Engagement(null, null, null, null), null), T0, CancellationToken.None);
            await classifications.SaveAsync(written.PostId, 1, T0, new ClassificationResult(label, 0.93, new Dictionary<string, double> { [label] = 0.93 }, contacts, ["r"], "m"), CancellationToken.None);
            return written.PostId;
        }

        var qq = new Contact("qq", "12345678", "QQ 12345678", 0, 0);
        var s1 = await Store("1", "出售国家司法考试答案，QQ 12345678", "tieba", Labels.AnswerSelling, qq);
        var s2 = await Store("2", "真题答案私聊 QQ 12345678", "weibo", Labels.AnswerSelling, qq);
        var other = await Store("3", "司法考试报名时间公布了", "news", Labels.Normal);
        var incidents = new SqliteIncidentStore(_db);
        var post = new IncidentPost(s1, "src-tieba", "tieba", "1", "1", null, new Uri("http://127.0.0.1/tieba/1"), "u1", "用户1", 1, "出售", T0, Labels.AnswerSelling, 0, ["qq:12345678"], "first", null);
        await incidents.CreateAsync(new IncidentRecord(0, "k1", "QQ 12345678 卖答案", IncidentLevel.II, [], T0, T0, s1, post.Url, 1, ["tieba"], [Labels.AnswerSelling], [], "rising", false, "open"), post, CancellationToken.None);
        return (s1, s2, other);
    }

    [Fact]
    public async Task Search_Json_CatchesUpTheIndexAndFindsWordsInsideLongerWords()
    {
        var (s1, _, other) = await SeedAsync();

        var run = await SwAsync("search", "考试", "--json");

        Assert.True(run.Exit == 0, run.Err);
        var json = JsonNode.Parse(run.Out)!;
        Assert.Equal(2, (long)json["total"]!);
        var ids = json["hits"]!.AsArray().Select(h => (long)h!["post_id"]!).Order().ToList();
        Assert.Equal(new[] { s1, other }.Order(), ids);
        Assert.Contains($"{SearchHighlight.Start}考试{SearchHighlight.End}", json["hits"]![0]!["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ContactAndFilters_ListsPostsAndIncidents()
    {
        await SeedAsync();

        var contact = await SwAsync("search", "--contact", "QQ 1234 5678");
        var filtered = await SwAsync("search", "答案", "--platform", "weibo", "--label", "answer_selling", "--from", "2026-09-20", "--to", "2026-09-20");
        var badLevel = await SwAsync("search", "答案", "--min-level", "V");

        Assert.True(contact.Exit == 0, contact.Err);
        Assert.Contains("2 post(s) found", contact.Out, StringComparison.Ordinal);
        Assert.Contains("QQ 12345678 卖答案", contact.Out, StringComparison.Ordinal);
        Assert.Contains("Ⅱ", contact.Out, StringComparison.Ordinal);
        Assert.True(filtered.Exit == 0, filtered.Err);
        Assert.Contains("1 post(s) found", filtered.Out, StringComparison.Ordinal);
        Assert.Contains("weibo/src-weibo", filtered.Out, StringComparison.Ordinal);
        Assert.Equal(2, badLevel.Exit);
    }

    [Fact]
    public async Task Reindex_TwiceAndHostileQuery_SameCountsNoError()
    {
        await SeedAsync();

        var first = await SwAsync("search", "reindex");
        var second = await SwAsync("search", "reindex");
        var hostile = await SwAsync("search", "NEAR(\"答案* -", "--json");

        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("reindexed 3 posts and 3 classifications", first.Out, StringComparison.Ordinal);
        Assert.Contains("reindexed 3 posts and 3 classifications", second.Out, StringComparison.Ordinal);
        Assert.Contains("0 posts not yet searchable", second.Out, StringComparison.Ordinal);
        Assert.True(hostile.Exit == 0, hostile.Err);
        Assert.Equal(0, (long)JsonNode.Parse(hostile.Out)!["total"]!);
    }
}
