using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Accounts;

/// <summary>The <see cref="Core.Alerting.IQueueChanges"/> contract on every provider (rows written by the store's triggers).</summary>
public abstract class QueueChangesContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset At = new(2026, 6, 20, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public async Task WorkOnIncidents_ReadSince_InPages_ThenNothing()
    {
        var changes = Provider.QueueChanges();
        var work = Provider.IncidentWork();
        Assert.Equal(0, await changes.PositionAsync(Ct));
        foreach (var incident in new long[] { 7, 8, 7, 9 })
        {
            await work.AddAsync(incident, "note", "yanpan", At, "n", null, null, Ct);
        }

        var page = await changes.ReadSinceAsync(0, limit: 3, Ct);
        var rest = await changes.ReadSinceAsync(page.Position, limit: 3, Ct);
        var none = await changes.ReadSinceAsync(rest.Position, limit: 3, Ct);

        Assert.Equal((3L, true, false), (page.Position, page.More, page.Gap));
        Assert.Equal([7L, 8L], page.IncidentIds.Order());
        Assert.Empty(page.AlertIds);
        Assert.Equal((4L, false, 9L), (rest.Position, rest.More, Assert.Single(rest.IncidentIds)));
        Assert.Equal((4L, false, 0), (none.Position, none.More, none.IncidentIds.Count));
        Assert.Equal(4, await changes.PositionAsync(Ct));
    }

    [Fact]
    public async Task RowsPastTheReaderPruned_Gap()
    {
        var changes = Provider.QueueChanges();
        var work = Provider.IncidentWork();
        for (var i = 0; i < 4; i++)
        {
            await work.AddAsync(i, "note", "yanpan", At, "n", null, null, Ct);
        }

        await Provider.ExecuteAsync("DELETE FROM console_queue_changes WHERE seq <= 2");

        Assert.Equal((1L, true), ((await changes.ReadSinceAsync(1, 10, Ct)).Position, (await changes.ReadSinceAsync(1, 10, Ct)).Gap));
        Assert.False((await changes.ReadSinceAsync(2, 10, Ct)).Gap);
    }
}
