using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Search;

namespace SentimentWatch.Storage.Tests.Search;

public sealed class SqliteSearchIndexTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task CatchUp_AfterRestart_IndexesOnlyWhatWasStoredWhileDown()
    {
        using (var first = new SearchStore(_db))
        {
            await first.StoreAsync(SearchStore.Post("1", "法考答案一"));
            await first.StoreAsync(SearchStore.Post("2", "法考答案二"));
            Assert.Equal(2, (await first.Index.CatchUpAsync(CancellationToken.None)).PostsIndexed);
        }

        // The worker is down; the crawler goes on storing.
        using (var crawler = new SearchStore(_db))
        {
            await crawler.StoreAsync(SearchStore.Post("3", "法考答案三"));
            await crawler.StoreAsync(SearchStore.Post("4", "法考答案四"));
        }

        using var restarted = new SearchStore(_db);
        Assert.Equal(2, await restarted.Search.LagAsync(CancellationToken.None));
        var report = await restarted.Index.CatchUpAsync(CancellationToken.None);

        Assert.Equal(2, report.PostsIndexed);
        Assert.Equal(0, await restarted.Search.LagAsync(CancellationToken.None));
        Assert.Equal(4, (await restarted.Search.SearchAsync(new PostSearchQuery("答案"), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Reindex_TwiceFromTheStore_SameCountsAndSameResults()
    {
        using var store = new SearchStore(_db);
        var ids = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add(await store.StoreAsync(SearchStore.Post($"p{i}", $"第{i}条：法考答案出售，QQ {10000000 + i}")));
            await store.ClassifyAsync(ids[^1], Labels.AnswerSelling, new Contact("qq", (10000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "QQ", 0, 0));
        }

        await store.Posts.UpsertPostAsync(SearchStore.Post("p0", "改过的内容"), SearchStore.T0.AddMinutes(3), CancellationToken.None);
        await store.Index.CatchUpAsync(CancellationToken.None);
        var before = await Snapshot(store);

        var once = await store.Index.ReindexAsync(CancellationToken.None);
        var afterOnce = await Snapshot(store);
        var twice = await store.Index.ReindexAsync(CancellationToken.None);
        var afterTwice = await Snapshot(store);

        Assert.Equal(25, once.PostsIndexed);
        Assert.Equal(25, once.ClassificationsApplied);
        Assert.Equal(once.PostsIndexed, twice.PostsIndexed);
        Assert.Equal(once.ClassificationsApplied, twice.ClassificationsApplied);
        Assert.Equal(before, afterOnce);
        Assert.Equal(before, afterTwice);
        Assert.Equal(25L, await Count("SELECT COUNT(*) FROM search_docs"));
        Assert.Equal(25L, await Count("SELECT COUNT(*) FROM search_contacts"));
    }

    [Fact]
    public async Task CatchUp_TwoIndexersAtOnce_EveryPostIndexedOnce()
    {
        using var store = new SearchStore(_db, new Dictionary<string, string?> { ["Search:Indexer:BatchSize"] = "7" });
        using var other = new SearchStore(_db, new Dictionary<string, string?> { ["Search:Indexer:BatchSize"] = "7" });
        for (var i = 0; i < 60; i++)
        {
            await store.StoreAsync(SearchStore.Post($"p{i}", $"法考答案 {i}"));
        }

        var reports = await Task.WhenAll(store.Index.CatchUpAsync(CancellationToken.None), other.Index.CatchUpAsync(CancellationToken.None));

        Assert.Equal(60, reports.Sum(r => r.PostsIndexed));
        Assert.Equal(60, (await store.Search.SearchAsync(new PostSearchQuery("答案"), CancellationToken.None)).Total);
    }

    private static async Task<string> Snapshot(SearchStore store)
    {
        var parts = new List<string>();
        foreach (var q in new[] { new PostSearchQuery("答案", Limit: 100), new PostSearchQuery("改过", Limit: 100), new PostSearchQuery(Contact: "10000003"), new PostSearchQuery(null, Label: Labels.AnswerSelling, Limit: 100) })
        {
            var r = await store.Search.SearchAsync(q, CancellationToken.None);
            parts.Add($"{r.Total}:{string.Join(",", r.Hits.Select(h => $"{h.PostId}/{h.Label}/{string.Join("+", h.Contacts)}/{h.Snippet}"))}");
        }

        return string.Join("\n", parts);
    }

    private async Task<long> Count(string sql)
    {
        await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
