using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Classification;

/// <summary>The <see cref="IClassificationStore"/> contract on every provider.</summary>
public abstract class ClassificationStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 19, 1, 0, 0, TimeSpan.Zero);

    private static ClassificationResult Result(string label = Labels.AnswerSelling) => new(
        label, 0.91, new Dictionary<string, double> { [label] = 0.91, [Labels.Normal] = 0.09 },
        [new Contact("qq", "2876543210", "ＱＱ 2876543210", 3, 16)], ["term \"答案\" (+1.20)", "contact: QQ 2876543210"], "2026.09.01-abcdef12");

    [Fact]
    public async Task SaveAsync_ThenGetLatest_RoundTripsEveryField()
    {
        var store = Provider.Classifications();

        var seq = await store.SaveAsync(7, 1, T0, Result(), CancellationToken.None);
        var got = await store.GetLatestAsync(7, CancellationToken.None);

        Assert.NotNull(got);
        Assert.Equal((seq, 7L, 1, T0), (got.Sequence, got.PostId, got.PostVersion, got.AtUtc));
        Assert.Equal(Labels.AnswerSelling, got.Result.Label);
        Assert.Equal(0.91, got.Result.Confidence);
        Assert.Equal(0.09, got.Result.Scores[Labels.Normal]);
        Assert.Equal(Result().Contacts, got.Result.Contacts);
        Assert.Equal(Result().Reasons, got.Result.Reasons);
        Assert.Equal("2026.09.01-abcdef12", got.Result.ModelVersion);
    }

    [Fact]
    public async Task SaveAsync_SameVersionTwice_KeepsFirstAndReturnsItsSequence()
    {
        var store = Provider.Classifications();

        var first = await store.SaveAsync(7, 1, T0, Result(), CancellationToken.None);
        var again = await store.SaveAsync(7, 1, T0.AddMinutes(1), Result(Labels.Normal), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(Labels.AnswerSelling, (await store.GetLatestAsync(7, CancellationToken.None))!.Result.Label);
        Assert.Single(await store.GetAfterAsync(0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task GetAfterAsync_SeveralVersions_InSequenceOrderAndLatestIsHighestVersion()
    {
        var store = Provider.Classifications();
        var s1 = await store.SaveAsync(7, 1, T0, Result(), CancellationToken.None);
        var s2 = await store.SaveAsync(8, 1, T0, Result(Labels.Normal), CancellationToken.None);
        var s3 = await store.SaveAsync(7, 2, T0, Result(Labels.Normal), CancellationToken.None);

        var after = await store.GetAfterAsync(s1, 10, CancellationToken.None);

        Assert.Equal([s2, s3], after.Select(c => c.Sequence));
        Assert.Equal(2, (await store.GetLatestAsync(7, CancellationToken.None))!.PostVersion);
        Assert.Null(await store.GetLatestAsync(99, CancellationToken.None));
    }
}
