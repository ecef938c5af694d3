using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Tests.Contracts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Recrawl;

/// <summary>The <see cref="IRecrawlStore"/> contract on every provider.</summary>
public abstract class RecrawlStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private IPostStore? _posts;

    private IPostStore Posts => _posts ??= Provider.Posts();

    private IRecrawlStore? _recrawl;

    private IRecrawlStore Recrawl => _recrawl ??= Provider.Recrawl();

    private async Task<long> StoreAsync(string id, DateTimeOffset seen, string? parent = null, string text = "正文", string source = "tieba-fakao") =>
        (await Posts.UpsertPostAsync(Some.Post(id, text: text + id, parent: parent, source: source), seen, Ct)).PostId;

    [Fact]
    public async Task GetRecrawlDue_RepliesDeletedOtherSourcesAndOldPosts_LeftOut()
    {
        var old = await StoreAsync("1", Some.T0.AddDays(-3));
        var starter = await StoreAsync("2", Some.T0);
        await StoreAsync("3", Some.T0, parent: "2");
        var deleted = await StoreAsync("4", Some.T0);
        await Posts.MarkDeletedAsync(deleted, Some.T0.AddMinutes(1), "HTTP 404", Ct);
        await StoreAsync("5", Some.T0, source: "other");

        var due = await Recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddDays(-2), DateTimeOffset.MaxValue, 10, Ct);

        Assert.Equal([starter], due);
        Assert.DoesNotContain(old, due);
    }

    [Fact]
    public async Task GetRecrawlDue_RefetchedBefore_PostsRefetchedOrFirstSeenSinceThenLeftOut()
    {
        var stale = await StoreAsync("1", Some.T0);
        var refetched = await StoreAsync("2", Some.T0);
        await StoreAsync("3", Some.T0.AddMinutes(5));
        await Recrawl.MarkRecrawledAsync(refetched, Some.T0.AddMinutes(4), Ct);
        // Seen again on a list page after that: being listed is not a re-fetch, the post stays due.
        await StoreAsync("1", Some.T0.AddMinutes(6));

        var due = await Recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddHours(-1), Some.T0.AddMinutes(3), 10, Ct);

        Assert.Equal([stale], due);
    }

    [Fact]
    public async Task GetRecrawlDue_MoreThanTheLimit_LeastRecentlySeenFirstSoEveryPostTakesItsTurn()
    {
        var a = await StoreAsync("1", Some.T0);
        var b = await StoreAsync("2", Some.T0.AddMinutes(1));
        var c = await StoreAsync("3", Some.T0.AddMinutes(2));

        var first = await Recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddHours(-1), DateTimeOffset.MaxValue, 2, Ct);
        // Refreshing a post moves it to the back of the queue.
        await StoreAsync("1", Some.T0.AddMinutes(10));
        var second = await Recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddHours(-1), DateTimeOffset.MaxValue, 2, Ct);

        Assert.Equal([a, b], first);
        Assert.Equal([b, c], second);
    }
}
