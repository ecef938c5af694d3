using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Evidence;

/// <summary>The <see cref="ITakedownStore"/> contract on every provider.</summary>
public abstract class TakedownStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 19, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_ThenGet_OpenWithEveryField()
    {
        var store = Provider.Takedowns();

        var id = await store.AddAsync(42, new Uri("https://weibo.example.cn/42"), T0, T0.AddHours(24), "值班员", "网信办函", Ct);
        var got = await store.GetAsync(id, Ct);

        Assert.Equal(new TakedownRequest(id, 42, new Uri("https://weibo.example.cn/42"), T0, T0.AddHours(24), "值班员", "网信办函", TakedownState.Open, null, null, null), got);
        Assert.Null(await store.GetAsync(id + 100, Ct));
    }

    [Fact]
    public async Task RecordCheckAsync_RemovedOnce_KeepsFirstRemovalTimeAndEveryCheck()
    {
        var store = Provider.Takedowns();
        var id = await store.AddAsync(null, new Uri("https://tieba.example.cn/p/1"), T0, T0.AddHours(24), "值班员", null, Ct);

        await store.RecordCheckAsync(new TakedownCheck(id, T0.AddHours(1), TakedownObservation.StillOnline, "ev-1", "200 OK"), Ct);
        await store.RecordCheckAsync(new TakedownCheck(id, T0.AddHours(2), TakedownObservation.Removed, "ev-2", "404"), Ct);
        await store.RecordCheckAsync(new TakedownCheck(id, T0.AddHours(3), TakedownObservation.Removed, "ev-3", "404"), Ct);
        await store.MarkOverdueAlertedAsync(id, T0.AddHours(25), Ct);

        var got = (await store.GetAsync(id, Ct))!;
        Assert.Equal((TakedownState.Removed, (DateTimeOffset?)T0.AddHours(3), (DateTimeOffset?)T0.AddHours(2), (DateTimeOffset?)T0.AddHours(25)),
            (got.State, got.LastCheckedAtUtc, got.RemovedAtUtc, got.OverdueAlertedAtUtc));
        Assert.Equal([TakedownObservation.StillOnline, TakedownObservation.Removed, TakedownObservation.Removed], (await store.GetChecksAsync(id, Ct)).Select(c => c.Observation));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.RecordCheckAsync(new TakedownCheck(id + 100, T0, TakedownObservation.Removed, "ev", "x"), Ct));
        Assert.Equal(3, (await store.GetChecksAsync(id, Ct)).Count);
    }

    [Fact]
    public async Task ListAsync_AndForPosts_ByPostIdOrUrl()
    {
        var store = Provider.Takedowns();
        var a = await store.AddAsync(42, new Uri("https://weibo.example.cn/42"), T0.AddMinutes(2), T0.AddHours(24), "值班员", null, Ct);
        var b = await store.AddAsync(null, new Uri("https://tieba.example.cn/p/1"), T0.AddMinutes(1), T0.AddHours(24), "值班员", null, Ct);
        var c = await store.AddAsync(7, new Uri("https://weibo.example.cn/7"), T0, T0.AddHours(24), "值班员", null, Ct);
        await store.RecordCheckAsync(new TakedownCheck(c, T0.AddHours(1), TakedownObservation.Removed, "ev", "404"), Ct);

        Assert.Equal([c, b, a], (await store.ListAsync(false, Ct)).Select(t => t.Id));
        Assert.Equal([b, a], (await store.ListAsync(true, Ct)).Select(t => t.Id));
        Assert.Equal([b, a], (await store.ListForPostsAsync([42], ["https://tieba.example.cn/p/1"], Ct)).Select(t => t.Id));
        Assert.Empty(await store.ListForPostsAsync([], [], Ct));
    }
}
