using System.Data.Common;
using SentimentWatch.Core.Storage;
using SentimentWatch.Core.Posts;
using SentimentWatch.Storage.Tests.Contracts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Posts;

/// <summary>The <see cref="IPostStore"/> contract: identity rules, versions, the change feed, transactions — on every provider.</summary>
public abstract class PostStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private IPostStore? _store;

    private IPostStore Store => _store ??= Provider.Posts();

    [Fact]
    public async Task UpsertPost_NewPost_StoresEveryFieldAndOneSnapshot()
    {
        var exchangeId = await Store.SaveExchangeAsync(Some.Exchange(), Ct);
        var result = await Store.UpsertPostAsync(Some.Post(exchangeId: exchangeId), Some.T0, Ct);

        Assert.Equal(PostWriteOutcome.New, result.Outcome);
        Assert.Equal(1, result.Version);
        var stored = await Store.GetPostAsync(result.PostId, Ct);
        Assert.NotNull(stored);
        Assert.Equal("tieba-fakao", stored.SourceId);
        Assert.Equal("1001", stored.PlatformPostId);
        Assert.Equal("https://tieba.example.cn/p/1001", stored.Url.AbsoluteUri);
        Assert.Equal("u1", stored.Author.Id);
        Assert.Equal("作者u1", stored.Author.DisplayName);
        Assert.Equal(12, stored.Author.Followers);
        Assert.Equal("出法考客观题答案，加V信 abc123", stored.Text);
        Assert.Equal(Some.T0.AddMinutes(-5), stored.PublishedAtUtc);
        Assert.Equal("5分钟前", stored.PublishedRaw);
        Assert.Equal(Some.T0, stored.FirstSeenAtUtc);
        Assert.Equal(ContentHash.Compute("出答案", "出法考客观题答案，加V信 abc123"), stored.ContentHash);
        Assert.Equal(exchangeId, stored.ExchangeId);
        Assert.Null(stored.DeletedAtUtc);
        var snapshot = Assert.Single(await Store.GetEngagementAsync(result.PostId, Ct));
        Assert.Equal(new Engagement(1, 2, 3, null), snapshot.Counts);
    }

    [Fact]
    public async Task UpsertPost_Recrawl_AppendsSnapshotWithoutNewVersion()
    {
        var first = await Store.UpsertPostAsync(Some.Post(), Some.T0, Ct);
        var second = await Store.UpsertPostAsync(Some.Post(engagement: new Engagement(10, 20, 30, 400)), Some.T0.AddMinutes(10), Ct);

        Assert.Equal(PostWriteOutcome.Unchanged, second.Outcome);
        Assert.Equal(first.PostId, second.PostId);
        var snapshots = await Store.GetEngagementAsync(first.PostId, Ct);
        Assert.Equal([2L, 20L], snapshots.Select(s => s.Counts.Comments!.Value));
        Assert.Equal(Some.T0.AddMinutes(10), snapshots[1].AtUtc);
        Assert.Equal(1, (await Store.GetPostAsync(first.PostId, Ct))!.Version);
    }

    [Fact]
    public async Task UpsertPost_TextChanged_RecordsEditAsNewVersionKeepingOld()
    {
        var first = await Store.UpsertPostAsync(Some.Post(text: "原文"), Some.T0, Ct);
        var edit = await Store.UpsertPostAsync(Some.Post(text: "修改后的文字"), Some.T0.AddMinutes(3), Ct);

        Assert.Equal(PostWriteOutcome.Edited, edit.Outcome);
        Assert.Equal(2, edit.Version);
        var versions = await Store.GetPostVersionsAsync(first.PostId, Ct);
        Assert.Equal(["原文", "修改后的文字"], versions.Select(v => v.Text));
        Assert.Equal("修改后的文字", (await Store.GetPostAsync(first.PostId, Ct))!.Text);
    }

    [Fact]
    public async Task UpsertPost_SameUrlDifferentId_IsTheSamePost()
    {
        var first = await Store.UpsertPostAsync(Some.Post(id: "1001"), Some.T0, Ct);
        var viaUrl = await Store.UpsertPostAsync(Some.Post(id: "https://tieba.example.cn/p/1001") with { Url = new Uri("https://tieba.example.cn/p/1001") }, Some.T0, Ct);

        Assert.Equal(first.PostId, viaUrl.PostId);
        Assert.Equal(1, await Store.CountPostsAsync(Ct));
    }

    [Fact]
    public async Task UpsertPost_SameWordsSameAuthorOtherUrl_IsDuplicate_ButOtherAuthorIsNewPost()
    {
        var first = await Store.UpsertPostAsync(Some.Post(id: "1001"), Some.T0, Ct);
        var sameAuthor = await Store.UpsertPostAsync(Some.Post(id: "m-1001") with { Url = new Uri("https://tieba.example.cn/mo/1001") }, Some.T0, Ct);
        var otherAuthor = await Store.UpsertPostAsync(Some.Post(id: "2002", author: "u2"), Some.T0, Ct);

        Assert.Equal(first.PostId, sameAuthor.PostId);
        Assert.Equal(PostWriteOutcome.Unchanged, sameAuthor.Outcome);
        Assert.NotEqual(first.PostId, otherAuthor.PostId);
        Assert.Equal(PostWriteOutcome.New, otherAuthor.Outcome);
    }

    [Fact]
    public async Task UpsertPost_RepliesSharingTheThreadUrlAndWords_AreDistinctPosts()
    {
        var threadUrl = new Uri("https://tieba.example.cn/p/1000");
        var a = await Store.UpsertPostAsync(Some.Post("r1", text: "顶", parent: "1000") with { Url = threadUrl }, Some.T0, Ct);
        var b = await Store.UpsertPostAsync(Some.Post("r2", text: "顶", parent: "1000") with { Url = threadUrl }, Some.T0, Ct);

        Assert.NotEqual(a.PostId, b.PostId);
        Assert.Equal(PostWriteOutcome.New, b.Outcome);
        Assert.Equal(2, await Store.CountPostsAsync(Ct));
    }

    [Fact]
    public async Task CommitPage_StoresPostsAndCursorTogether()
    {
        var state = Provider.SourceState();
        var results = await Store.CommitPageAsync([Some.Post("1"), Some.Post("2", text: "第二帖"), Some.Post("3", text: "回复", parent: "1")], Some.T0, "tieba-fakao", "cursor-3", Ct);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(PostWriteOutcome.New, r.Outcome));
        Assert.Equal("cursor-3", await state.GetCursorAsync("tieba-fakao", Ct));
        var reply = await Store.FindPostAsync("tieba-fakao", "3", Ct);
        Assert.Equal("1", reply!.ParentPlatformPostId);
        Assert.Equal("1000", reply.ThreadId);
    }

    [Fact]
    public async Task CommitPage_FailsHalfway_NeitherPostsNorCursorAreCommitted()
    {
        var state = Provider.SourceState();
        await state.SetCursorAsync("tieba-fakao", "before", Ct);
        // A post referencing an exchange that does not exist violates the foreign key on the second row.
        var bad = Some.Post("2", text: "坏") with { ExchangeId = 999_999 };

        await Assert.ThrowsAnyAsync<DbException>(() => Store.CommitPageAsync([Some.Post("1"), bad], Some.T0, "tieba-fakao", "after", Ct));

        Assert.Equal(0, await Store.CountPostsAsync(Ct));
        Assert.Equal("before", await state.GetCursorAsync("tieba-fakao", Ct));
    }

    [Fact]
    public async Task CommitPage_OnePostSeveralTimesOnThePage_IsWrittenAsItemByItem()
    {
        var results = await Store.CommitPageAsync(
        [
            Some.Post("1", text: "一") with { PublishedAtUtc = null, PublishedRaw = null, Quote = "引" },
            Some.Post("2", text: "二"),
            Some.Post("1", text: "一改", engagement: new Engagement(5, 6, 7, 8)) with { PublishedAtUtc = null, Author = new AuthorInfo("u1", "作者u1", 50) },
            Some.Post("1", text: "一改", engagement: new Engagement(9, 9, 9, 9)),
            Some.Post("1", text: "一再改") with { Author = new AuthorInfo("u1", "作者u1", null) },
        ], Some.T0, "tieba-fakao", "c", Ct);

        Assert.Equal([PostWriteOutcome.New, PostWriteOutcome.New, PostWriteOutcome.Edited, PostWriteOutcome.Unchanged, PostWriteOutcome.Edited], results.Select(r => r.Outcome));
        Assert.Equal([1, 1, 2, 2, 3], results.Select(r => r.Version));
        Assert.Single(results.Select(r => r.PostId).Where((_, i) => i != 1).Distinct());
        Assert.True(results[0].PostId < results[1].PostId, "ids are handed out in page order");
        Assert.Equal(["一", "一改", "一再改"], (await Store.GetPostVersionsAsync(results[0].PostId, Ct)).Select(v => v.Text));
        var post = (await Store.GetPostAsync(results[0].PostId, Ct))!;
        Assert.Equal(("一再改", 3, "引", 12L), (post.Text, post.Version, post.Quote, post.Author.Followers!.Value));
        Assert.Equal((Some.T0.AddMinutes(-5), "5分钟前"), (post.PublishedAtUtc, post.PublishedRaw));
        Assert.Equal([2L, 6L, 9L, 2L], (await Store.GetEngagementAsync(results[0].PostId, Ct)).Select(e => e.Counts.Comments!.Value));
        var feed = await Store.GetChangesAfterAsync(0, 100, Ct);
        Assert.Equal(["一", "二", "一改", "一再改"], feed.Select(c => c.Post.Text));
        Assert.Equal(2, await Store.CountPostsAsync(Ct));
    }

    [Fact]
    public async Task CommitPage_StoredPostsSeenAgainOrEdited_KeepWhatTheItemLacks()
    {
        var exchangeId = await Store.SaveExchangeAsync(Some.Exchange(), Ct);
        var seen = await Store.UpsertPostAsync(Some.Post("1") with { PublishedAtUtc = null, PublishedRaw = null, ExchangeId = exchangeId }, Some.T0, Ct);
        var edited = await Store.UpsertPostAsync(Some.Post("2", text: "旧") with { ExchangeId = exchangeId, Quote = "引文" }, Some.T0, Ct);

        var results = await Store.CommitPageAsync(
        [
            Some.Post("3", text: "新帖"),
            Some.Post("1") with { Author = new AuthorInfo("u1", "作者u1", null) },
            Some.Post("2", text: "新") with { Author = new AuthorInfo("u1", "作者u1", 99) },
        ], Some.T0.AddMinutes(1), "tieba-fakao", "c", Ct);

        Assert.Equal([PostWriteOutcome.New, PostWriteOutcome.Unchanged, PostWriteOutcome.Edited], results.Select(r => r.Outcome));
        var first = (await Store.GetPostAsync(seen.PostId, Ct))!;
        Assert.Equal(Some.T0.AddMinutes(-5), first.PublishedAtUtc);
        Assert.Equal("5分钟前", first.PublishedRaw);
        Assert.Equal(12, first.Author.Followers);
        Assert.Equal(Some.T0.AddMinutes(1), first.LastSeenAtUtc);
        Assert.Equal(Some.T0, first.FirstSeenAtUtc);
        var second = (await Store.GetPostAsync(edited.PostId, Ct))!;
        Assert.Equal("新", second.Text);
        Assert.Equal(2, second.Version);
        Assert.Equal(exchangeId, second.ExchangeId);
        Assert.Equal("引文", second.Quote);
        Assert.Equal(99, second.Author.Followers);
        Assert.Equal(results[0].PostId, (await Store.FindPostAsync("tieba-fakao", "3", Ct))!.Id);
    }

    [Fact]
    public async Task GetChangesAfter_SeesEveryInsertAndEditInOrder_WithThatVersionsText()
    {
        var a = await Store.UpsertPostAsync(Some.Post("1", text: "一"), Some.T0, Ct);
        await Store.UpsertPostAsync(Some.Post("2", text: "二"), Some.T0, Ct);
        await Store.UpsertPostAsync(Some.Post("1", text: "一改"), Some.T0.AddMinutes(1), Ct);
        await Store.UpsertPostAsync(Some.Post("1", text: "一改"), Some.T0.AddMinutes(2), Ct);

        var all = await Store.GetChangesAfterAsync(0, 100, Ct);
        Assert.Equal(["一", "二", "一改"], all.Select(c => c.Post.Text));
        Assert.Equal([1, 1, 2], all.Select(c => c.Post.Version));
        Assert.True(all.Select(c => c.Sequence).SequenceEqual(all.Select(c => c.Sequence).Order()));
        var after = await Store.GetChangesAfterAsync(all[1].Sequence, 100, Ct);
        var only = Assert.Single(after);
        Assert.Equal(a.PostId, only.Post.Id);
    }

    [Fact]
    public async Task MarkDeleted_KeepsFirstDeletionTime()
    {
        var r = await Store.UpsertPostAsync(Some.Post(), Some.T0, Ct);
        await Store.MarkDeletedAsync(r.PostId, Some.T0.AddMinutes(30), "HTTP 404", Ct);
        await Store.MarkDeletedAsync(r.PostId, Some.T0.AddMinutes(60), "HTTP 410", Ct);

        var post = await Store.GetPostAsync(r.PostId, Ct);
        Assert.Equal(Some.T0.AddMinutes(30), post!.DeletedAtUtc);
        Assert.Equal("HTTP 404", post.DeletedReason);
        Assert.Empty(await Store.GetRecentPostsAsync("tieba-fakao", Some.T0.AddDays(-1), 10, Ct));
    }

    [Fact]
    public async Task SaveExchange_RoundTripsBytesHeadersAndRedirects()
    {
        var original = Some.Exchange() with
        {
            Redirects = [new Uri("https://m.tieba.example.cn/p/1001")],
            Body = [0xB7, 0xA8, 0xBF, 0xBC, 0x00, 0xFF],
        };
        var id = await Store.SaveExchangeAsync(original, Ct);
        var read = await Store.GetExchangeAsync(id, Ct);

        Assert.NotNull(read);
        Assert.Equal(original.Body, read.Body);
        Assert.Equal(original.RequestHeaders, read.RequestHeaders);
        Assert.Equal(original.ResponseHeaders, read.ResponseHeaders);
        Assert.Equal(original.Redirects, read.Redirects);
        Assert.Equal("\"x1\"", read.Header("etag"));
        Assert.Equal(original.FetchedAtUtc, read.FetchedAtUtc);
        Assert.Equal("127.0.0.1", read.RemoteIp);
    }
}
