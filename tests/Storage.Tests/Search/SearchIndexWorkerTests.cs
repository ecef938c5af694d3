using System.Diagnostics;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Storage.Tests.Search;

public sealed class SearchIndexWorkerTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Worker_PostStored_SearchableWithinTwoSecondsThroughTheStoreSignal()
    {
        // A 10-minute poll: only the store's PostsStored signal can make this fast.
        using var store = new SearchStore(_db, new Dictionary<string, string?> { ["Search:Indexer:PollInterval"] = "00:10:00" }, indexer: true);
        var worker = Assert.Single(store.HostedServices);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await store.StoreAsync(SearchStore.Post("0", "预热一下"));
            await WaitUntilFoundAsync(store, "预热", TimeSpan.FromSeconds(30));

            var stored = Stopwatch.StartNew();
            var id = await store.StoreAsync(SearchStore.Post("1", "考场外有人兜售法考答案"));
            var hit = await WaitUntilFoundAsync(store, "兜售", TimeSpan.FromSeconds(10));

            Assert.Equal(id, hit.PostId);
            Assert.True(stored.Elapsed < TimeSpan.FromSeconds(2), $"searchable after {stored.ElapsedMilliseconds} ms");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Worker_PostStoredByAnotherProcess_FoundByPolling()
    {
        using var store = new SearchStore(_db, new Dictionary<string, string?> { ["Search:Indexer:PollInterval"] = "00:00:00.200" }, indexer: true);
        var worker = Assert.Single(store.HostedServices);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // A store with no signals stands for another process (sw crawl) writing the same file.
            using var elsewhere = new SqlitePostStore(new SqliteDatabase(_db.Database.Path));
            var written = await elsewhere.UpsertPostAsync(SearchStore.Post("1", "另一个进程写入的答案"), SearchStore.T0, CancellationToken.None);

            var hit = await WaitUntilFoundAsync(store, "进程", TimeSpan.FromSeconds(10));

            Assert.Equal(written.PostId, hit.PostId);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Worker_StartedAfterDowntime_CatchesUpFromCheckpoint()
    {
        using (var down = new SearchStore(_db))
        {
            for (var i = 0; i < 30; i++)
            {
                await down.StoreAsync(SearchStore.Post($"p{i}", $"停机期间的帖子 {i}"));
            }
        }

        using var store = new SearchStore(_db, indexer: true);
        Assert.Equal(30, await store.Search.LagAsync(CancellationToken.None));
        var worker = Assert.Single(store.HostedServices);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (await store.Search.LagAsync(CancellationToken.None) > 0)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the indexer did not catch up");
                await Task.Delay(20);
            }

            Assert.Equal(30, (await store.Search.SearchAsync(new PostSearchQuery("停机"), CancellationToken.None)).Total);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Polls the search (never the index directly) until the word is found or the timeout passes.</summary>
    private static async Task<PostSearchHit> WaitUntilFoundAsync(SearchStore store, string word, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var result = await store.Search.SearchAsync(new PostSearchQuery(word), CancellationToken.None);
            if (result.Hits.Count > 0)
            {
                return result.Hits[0];
            }

            Assert.True(watch.Elapsed < timeout, $"'{word}' not searchable after {timeout}");
            await Task.Delay(10);
        }
    }
}
