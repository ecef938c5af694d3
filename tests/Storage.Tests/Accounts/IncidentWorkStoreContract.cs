using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Accounts;

/// <summary>The <see cref="Core.Alerting.IIncidentWorkStore"/> contract on every provider.</summary>
public abstract class IncidentWorkStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset At = new(2026, 6, 20, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_ThenGet_InOrder_WithUrlAndPostedTime()
    {
        var store = Provider.IncidentWork();
        var reply = new Uri("https://weibo.com/123/reply");

        var a = await store.AddAsync(7, "assign", "zhiban", At, "yanpan", null, null, Ct);
        var g = await store.AddAsync(7, "guidance", "yanpan", At.AddMinutes(1), "官方回应已发布", reply, At.AddMinutes(2), Ct);
        await store.AddAsync(8, "note", "yanpan", At, "另一事件", null, null, Ct);

        Assert.Equal(
            [new(a, 7, "assign", "zhiban", At, "yanpan", null, null), new Core.Alerting.IncidentWorkItem(g, 7, "guidance", "yanpan", At.AddMinutes(1), "官方回应已发布", reply, At.AddMinutes(2))],
            await store.GetAsync(7, Ct));
        Assert.Empty(await store.GetAsync(9, Ct));
    }

    [Fact]
    public async Task Assignees_LatestPerIncident_SharedWithPolice_Distinct()
    {
        var store = Provider.IncidentWork();
        await store.AddAsync(7, "assign", "zhiban", At, "yanpan", null, null, Ct);
        await store.AddAsync(7, "assign", "zhiban", At, "xiaozhang", null, null, Ct);
        await store.AddAsync(8, "assign", "zhiban", At, "yanpan", null, null, Ct);
        await store.AddAsync(8, "share_police", "zhiban", At, "", null, null, Ct);
        await store.AddAsync(8, "share_police", "zhiban", At, "", null, null, Ct);
        await store.AddAsync(9, "note", "yanpan", At, "x", null, null, Ct);

        Assert.Equal(new Dictionary<long, string> { [7] = "xiaozhang", [8] = "yanpan" }, await store.GetAssigneesAsync(Ct));
        Assert.Equal([8L], await store.GetSharedWithPoliceAsync(Ct));
    }
}
