using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Tests.Contracts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Recrawl;

public sealed class SqliteRecrawlStoreTests : RecrawlStoreContract<SqliteStoreProvider>;

public sealed class PostgreSqlRecrawlStoreTests : RecrawlStoreContract<PostgreSqlStoreProvider>;

/// <summary>The <see cref="IRecrawlStore"/> contract on every provider.</summary>
public abstract class RecrawlStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private IPostStore _posts = null!;
    private IRecrawlStore _recrawl = null!;
    private readonly CancellationToken _ct = Ct;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _posts = Provider.Posts();
        _recrawl = Provider.Recrawl();
    }

    private async Task<long> StoreAsync(string id, DateTimeOffset seen, string? parent = null, string text = "正文", string source = "tieba-fakao") =>
        (await _posts.UpsertPostAsync(Some.Post(id, text: text + id, parent: parent, source: source), seen, _ct)).PostId;

    [Fact]
    public async Task GetRecrawlDue_RepliesDeletedOtherSourcesAndOldPosts_LeftOut()
    {
        var old = await StoreAsync("1", Some.T0.AddDays(-3));
        var starter = await StoreAsync("2", Some.T0);
        await StoreAsync("3", Some.T0, parent: "2");
        var deleted = await StoreAsync("4", Some.T0);
        await _posts.MarkDeletedAsync(deleted, Some.T0.AddMinutes(1), "HTTP 404", _ct);
        await StoreAsync("5", Some.T0, source: "other");

        var due = await _recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddDays(-2), DateTimeOffset.MaxValue, 10, _ct);

        Assert.Equal([starter], due);
        Assert.DoesNotContain(old, due);
    }

    [Fact]
    public async Task GetRecrawlDue_RefetchedBefore_PostsRefetchedOrFirstSeenSinceThenLeftOut()
    {
        var stale = await StoreAsync("1", Some.T0);
        var refetched = await StoreAsync("2", Some.T0);
        await StoreAsync("3", Some.T0.AddMinutes(5));
        await _recrawl.MarkRecrawledAsync(refetched, Some.T0.AddMinutes(4), _ct);
        // Seen again on a list page after that: being listed is not a re-fetch, the post stays due.
        await StoreAsync("1", Some.T0.AddMinutes(6));

        var due = await _recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddHours(-1), Some.T0.AddMinutes(3), 10, _ct);

        Assert.Equal([stale], due);
    }

    [Fact]
    public async Task GetRecrawlDue_MoreThanTheLimit_LeastRecentlySeenFirstSoEveryPostTakesItsTurn()
    {
        var a = await StoreAsync("1", Some.T0);
        var b = await StoreAsync("2", Some.T0.AddMinutes(1));
        var c = await StoreAsync("3", Some.T0.AddMinutes(2));

        var first = await _recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddHours(-1), DateTimeOffset.MaxValue, 2, _ct);
        // Refreshing a post moves it to the back of the queue.
        await StoreAsync("1", Some.T0.AddMinutes(10));
        var second = await _recrawl.GetRecrawlDueAsync("tieba-fakao", Some.T0.AddHours(-1), DateTimeOffset.MaxValue, 2, _ct);

        Assert.Equal([a, b], first);
        Assert.Equal([b, c], second);
    }
}
