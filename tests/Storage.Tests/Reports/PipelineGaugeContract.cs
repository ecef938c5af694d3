using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Reports;

/// <summary>The store's gauges (<see cref="Core.Operations.IPipelineGaugeReader"/>): the same figures on every provider.</summary>
public abstract class PipelineGaugeContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task ReadAsync_ClassifyLag_IsPostChangesPastTheClassifiersCheckpoint()
    {
        var posts = Provider.Posts();
        for (var i = 0; i < 3; i++)
        {
            await posts.UpsertPostAsync(Support.Some.Post(id: $"{3000 + i}", text: $"第{i}条"), Support.Some.T0, Ct);
        }

        var gauges = Provider.Gauges();
        var before = await gauges.ReadAsync(Ct);
        var changes = await posts.GetChangesAfterAsync(0, 10, Ct);
        await Provider.Checkpoints(TimeProvider.System).SetAsync("classifier", changes[0].Sequence, Ct);
        var after = await gauges.ReadAsync(Ct);

        Assert.Equal((3L, 0L), before);
        Assert.Equal((2L, 0L), after);
    }
}
