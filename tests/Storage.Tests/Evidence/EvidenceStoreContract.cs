using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Evidence;

/// <summary>The <see cref="IEvidenceStore"/> contract (the packet index with each packet's custody-log head) on every provider.</summary>
public abstract class EvidenceStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 19, 1, 0, 0, TimeSpan.Zero);

    private static EvidenceItem Item(string id, int minutes = 0, string? alert = null, string? incident = null) => new(
        id, 42, alert, incident, new Uri("https://weibo.example.cn/42"), true, "browser", "evidence/" + id, T0.AddMinutes(minutes), "值班员",
        new string('a', 64), null, ["screenshot: cut at 10000 px"]);

    [Fact]
    public async Task AddAsync_ThenGet_RoundTripsEveryField()
    {
        var store = Provider.Evidence();
        var item = Item("ev-1", alert: "3");

        await store.AddAsync(item, Ct);
        var got = await store.GetAsync("ev-1", Ct);

        Assert.NotNull(got);
        Assert.Equal(item with { Problems = got.Problems }, got);
        Assert.Equal(item.Problems, got.Problems);
        Assert.Null(await store.GetAsync("ev-9", Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(item, Ct));
    }

    [Fact]
    public async Task LinkAndCustodyHead_Updated_AndUnknownIdRefused()
    {
        var store = Provider.Evidence();
        await store.AddAsync(Item("ev-1", alert: "3"), Ct);

        await store.LinkIncidentAsync("ev-1", "12", Ct);
        await store.UpdateContinuationHeadAsync("ev-1", new string('b', 64), Ct);

        var got = (await store.GetAsync("ev-1", Ct))!;
        Assert.Equal(("12", new string('b', 64)), (got.IncidentId, got.ContinuationHead));
        // Once linked, the packet is found by its incident as well as by its alert.
        Assert.Equal(["ev-1"], (await store.FindByAlertOrIncidentAsync("12", Ct)).Select(e => e.Id));
        Assert.Equal(["ev-1"], (await store.FindByAlertOrIncidentAsync("3", Ct)).Select(e => e.Id));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.UpdateContinuationHeadAsync("ev-9", "x", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.LinkIncidentAsync("ev-9", "12", Ct));
    }

    [Fact]
    public async Task Finders_IncidentAndItsAlerts_OldestFirst_ListNewestFirst()
    {
        var store = Provider.Evidence();
        await store.AddAsync(Item("ev-a", 2, alert: "3"), Ct);
        await store.AddAsync(Item("ev-b", 1, incident: "12"), Ct);
        await store.AddAsync(Item("ev-c", 3, alert: "4"), Ct);
        await store.AddAsync(Item("ev-d", 4, alert: "5"), Ct);

        Assert.Equal(["ev-b", "ev-a", "ev-c"], (await store.FindForIncidentAsync("12", ["3", "4"], Ct)).Select(e => e.Id));
        Assert.Equal(["ev-b"], (await store.FindForIncidentAsync("12", [], Ct)).Select(e => e.Id));
        Assert.Equal(["ev-a"], (await store.FindByAlertOrIncidentAsync("3", Ct)).Select(e => e.Id));
        Assert.Equal(["ev-d", "ev-c"], (await store.ListAsync(2, Ct)).Select(e => e.Id));
    }
}
