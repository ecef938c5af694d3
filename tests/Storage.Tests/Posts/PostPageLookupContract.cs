using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Tests.Contracts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Posts;

/// <summary>
/// What a page's single lookups must answer like the per-item ones they replaced: <see cref="IPostStore.FindKnownPostsAsync"/>
/// for a list page, and a committed page whose later items are posts written earlier on the same page.
/// </summary>
public abstract class PostPageLookupContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private IPostStore? _store;

    private IPostStore Store => _store ??= Provider.Posts();

    [Fact]
    public async Task FindKnownPosts_ListPage_AnswersEachItemByIdThenUrlInOrder()
    {
        var byId = await Store.UpsertPostAsync(Some.Post("1"), Some.T0, Ct);
        var byUrl = await Store.UpsertPostAsync(Some.Post("2", text: "第二帖"), Some.T0, Ct);
        await Store.UpsertPostAsync(Some.Post("9", text: "别的版", source: "tieba-other"), Some.T0, Ct);

        var found = await Store.FindKnownPostsAsync("tieba-fakao", [
            ("new", new Uri("https://tieba.example.cn/p/new")),
            ("1", new Uri("https://tieba.example.cn/p/elsewhere")),
            ("2-renamed", new Uri("https://tieba.example.cn/p/2")),
            ("9", new Uri("https://tieba.example.cn/p/9")),
        ], Ct);

        Assert.Equal(4, found.Count);
        Assert.Null(found[0]);
        Assert.Equal(byId.PostId, found[1]?.Id);
        Assert.Equal(byUrl.PostId, found[2]?.Id);
        Assert.Null(found[3]); // another source's post
        Assert.Empty(await Store.FindKnownPostsAsync("tieba-fakao", [], Ct));
    }

    [Fact]
    public async Task CommitPage_ItemRepeatsEarlierItemOfSamePage_OnePostWithItsEdit()
    {
        var results = await Store.CommitPageAsync(
            [Some.Post("1"), Some.Post("1", text: "改过的"), Some.Post("1", text: "改过的"), Some.Post("2", text: "新帖")],
            Some.T0, "tieba-fakao", "c", Ct);

        Assert.Equal([PostWriteOutcome.New, PostWriteOutcome.Edited, PostWriteOutcome.Unchanged, PostWriteOutcome.New], results.Select(r => r.Outcome));
        Assert.Equal(results[0].PostId, results[1].PostId);
        Assert.Equal(results[0].PostId, results[2].PostId);
        Assert.Equal([1, 2, 2, 1], results.Select(r => r.Version));
        Assert.Equal(2, await Store.CountPostsAsync(Ct));
        Assert.Equal(3, (await Store.GetChangesAfterAsync(0, 10, Ct)).Count);
    }

    [Fact]
    public async Task CommitPage_SameWordsSameAuthorUnderAnotherUrl_IsTheStarterWrittenEarlierOnThePage()
    {
        var other = Some.Post("1") with { PlatformPostId = "1-mirror", Url = new Uri("https://tieba.example.cn/p/1?mirror") };

        var results = await Store.CommitPageAsync([Some.Post("1"), other], Some.T0, "tieba-fakao", "c", Ct);

        Assert.Equal([PostWriteOutcome.New, PostWriteOutcome.Unchanged], results.Select(r => r.Outcome));
        Assert.Equal(results[0].PostId, results[1].PostId);
    }
}

public sealed class SqlitePostPageLookupTests : PostPageLookupContract<SqliteStoreProvider>;

public sealed class PostgreSqlPostPageLookupTests : PostPageLookupContract<PostgreSqlStoreProvider>;
