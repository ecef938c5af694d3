using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Storage.Classification;

namespace SentimentWatch.Storage.Tests.Classification;

public sealed class SqliteCheckpointStoreTests
{
    [Fact]
    public async Task GetAsync_NeverSet_Zero()
    {
        var store = new SqliteCheckpointStore(new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("sw-cp-").FullName, "sw.db")), new FakeTimeProvider());

        Assert.Equal(0, await store.GetAsync("classifier", CancellationToken.None));
    }

    [Fact]
    public async Task SetAsync_ThenReopen_ValueSurvivesPerName()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sw-cp-").FullName, "sw.db");
        var store = new SqliteCheckpointStore(new SqliteDatabase(path), new FakeTimeProvider());
        await store.SetAsync("classifier", 41, CancellationToken.None);
        await store.SetAsync("classifier", 42, CancellationToken.None);
        await store.SetAsync("alerting", 7, CancellationToken.None);

        var reopened = new SqliteCheckpointStore(new SqliteDatabase(path), new FakeTimeProvider());

        Assert.Equal(42, await reopened.GetAsync("classifier", CancellationToken.None));
        Assert.Equal(7, await reopened.GetAsync("alerting", CancellationToken.None));
    }
}
