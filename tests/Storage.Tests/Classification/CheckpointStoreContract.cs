using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Classification;

/// <summary>The <see cref="ICheckpointStore"/> contract on every provider.</summary>
public abstract class CheckpointStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task GetAsync_NeverSet_Zero()
    {
        var store = Provider.Checkpoints(new FakeTimeProvider());

        Assert.Equal(0, await store.GetAsync("classifier", CancellationToken.None));
    }

    [Fact]
    public async Task SetAsync_ThenReopen_ValueSurvivesPerName()
    {
        var store = Provider.Checkpoints(new FakeTimeProvider());
        await store.SetAsync("classifier", 41, CancellationToken.None);
        await store.SetAsync("classifier", 42, CancellationToken.None);
        await store.SetAsync("alerting", 7, CancellationToken.None);

        var reopened = Provider.Checkpoints(new FakeTimeProvider());

        Assert.Equal(42, await reopened.GetAsync("classifier", CancellationToken.None));
        Assert.Equal(7, await reopened.GetAsync("alerting", CancellationToken.None));
    }
}
