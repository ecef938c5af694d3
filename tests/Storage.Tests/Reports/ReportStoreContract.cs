using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Reports;

/// <summary>The <see cref="IReportStore"/> contract on every provider.</summary>
public abstract class ReportStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset At = new(2026, 6, 20, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public async Task CreateAsync_NumbersPerKindAndIncident_FirstVersionKept()
    {
        var store = Provider.Reports();
        Assert.Equal(1, await store.NextNumberAsync("daily", null, Ct));

        var d1 = await store.CreateAsync("daily", null, At.AddDays(-1), At, "日报", "{\"a\":1}", "bangong", At, Ct);
        var d2 = await store.CreateAsync("daily", null, At, At.AddDays(1), "日报", "{}", "bangong", At, Ct);
        var k1 = await store.CreateAsync("flash", 7, null, null, "快报", "{}", "zhiban", At, Ct);
        var k1Other = await store.CreateAsync("flash", 8, null, null, "快报", "{}", "zhiban", At, Ct);

        Assert.Equal((1, 2, 1, 1), (d1.Number, d2.Number, k1.Number, k1Other.Number));
        Assert.Equal(3, await store.NextNumberAsync("daily", null, Ct));
        Assert.Equal(2, await store.NextNumberAsync("flash", 7, Ct));
        Assert.Equal(d1, await store.GetAsync(d1.Id, Ct));
        Assert.Equal(k1, await store.GetAsync(k1.Id, Ct));
        Assert.Equal(new ReportVersion(d1.Id, 1, "{\"a\":1}", "bangong", At, "drafted from the store"), await store.GetVersionAsync(d1.Id, null, Ct));
        Assert.Null(await store.GetAsync(d1.Id + 100, Ct));
    }

    [Fact]
    public async Task CreateAsync_ManyAtOnce_EachItsOwnNumber()
    {
        var store = Provider.Reports();

        var reports = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.CreateAsync("daily", null, null, null, "日报", "{}", "bangong", At, Ct))));

        Assert.Equal(Enumerable.Range(1, 12), reports.Select(r => r.Number).Order());
    }

    [Fact]
    public async Task AddVersionAsync_Appends_LatestOrChosenVersion_VersionsNeverUpdated()
    {
        var store = Provider.Reports();
        var r = await store.CreateAsync("special", 7, null, null, "专报", "{\"v\":1}", "bangong", At, Ct);

        Assert.Equal(2, await store.AddVersionAsync(r.Id, "{\"v\":2}", "lingdao", "改标题", At.AddHours(1), Ct));
        Assert.Equal(3, await store.AddVersionAsync(r.Id, "{\"v\":3}", "bangong", "", At.AddHours(2), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddVersionAsync(r.Id + 100, "{}", "x", "", At, Ct));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Provider.ExecuteAsync("UPDATE report_versions SET body = '{}'"));

        Assert.Equal("{\"v\":3}", (await store.GetVersionAsync(r.Id, null, Ct))!.BodyJson);
        Assert.Equal(new ReportVersion(r.Id, 2, "{\"v\":2}", "lingdao", At.AddHours(1), "改标题"), await store.GetVersionAsync(r.Id, 2, Ct));
        Assert.Null(await store.GetVersionAsync(r.Id, 9, Ct));
        Assert.Equal([1, 2, 3], (await store.ListVersionsAsync(r.Id, Ct)).Select(v => v.Version));
        Assert.Equal(3, (await store.GetAsync(r.Id, Ct))!.Version);
    }

    [Fact]
    public async Task ListAsync_NewestFirst_AllOrOneIncident()
    {
        var store = Provider.Reports();
        var a = await store.CreateAsync("daily", null, null, null, "日报", "{}", "bangong", At, Ct);
        var b = await store.CreateAsync("flash", 7, null, null, "快报", "{}", "zhiban", At, Ct);

        Assert.Equal([b.Id, a.Id], (await store.ListAsync(null, 10, Ct)).Select(x => x.Id));
        Assert.Equal([b.Id], (await store.ListAsync(7, 10, Ct)).Select(x => x.Id));
        Assert.Equal([b.Id], (await store.ListAsync(null, 1, Ct)).Select(x => x.Id));
    }
}
