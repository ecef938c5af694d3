using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class SqliteEvidenceStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-test-evstore-").FullName;

    private static EvidenceItem Item(string id, string? alert, DateTimeOffset at) =>
        new(id, 7, alert, null, new Uri("https://tieba.example/p/1"), true, "fresh", $"/data/evidence/{id}", at, "sw/duty", new string('a', 64), new string('b', 64), ["screenshots: none", "第二个问题"]);

    [Fact]
    public async Task Add_LinkIncident_FoundByAlertOrIncidentAndListedNewestFirst()
    {
        var store = new SqliteEvidenceStore(new SqliteDatabase(Path.Combine(_dir, "sw.db")));
        var t0 = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
        await store.AddAsync(Item("EVD-1", "ALERT-1", t0), CancellationToken.None);
        await store.AddAsync(Item("EVD-2", "ALERT-2", t0.AddMinutes(1)), CancellationToken.None);

        await store.LinkIncidentAsync("EVD-1", "INC-9", CancellationToken.None);
        await store.LinkIncidentAsync("EVD-2", "INC-9", CancellationToken.None);
        await store.UpdateContinuationHeadAsync("EVD-2", new string('c', 64), CancellationToken.None);

        Assert.Equal(["EVD-1", "EVD-2"], (await store.FindByAlertOrIncidentAsync("INC-9", CancellationToken.None)).Select(i => i.Id));
        Assert.Equal(["EVD-1"], (await store.FindByAlertOrIncidentAsync("ALERT-1", CancellationToken.None)).Select(i => i.Id));
        Assert.Equal(["EVD-2", "EVD-1"], (await store.ListAsync(10, CancellationToken.None)).Select(i => i.Id));
        var back = await store.GetAsync("EVD-2", CancellationToken.None);
        Assert.Equal(new string('c', 64), back!.ContinuationHead);
        Assert.Equal(["screenshots: none", "第二个问题"], back.Problems);
        Assert.Equal(t0.AddMinutes(1), back.CreatedAtUtc);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.LinkIncidentAsync("EVD-none", "INC-1", CancellationToken.None));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
