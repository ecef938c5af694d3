using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Office;

/// <summary>The <see cref="Core.Exercise.IExerciseStore"/> contract on every provider.</summary>
public abstract class ExerciseStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task MarkerAsync_RealStoreNull_DrillStoreFirstMarker()
    {
        var store = Provider.Exercise();
        Assert.Null(await store.MarkerAsync(Ct));

        await store.MarkAsync("exam-morning", "【演练】", new DateTimeOffset(2026, 6, 20, 0, 0, 0, TimeSpan.Zero), Ct);
        await store.MarkAsync("second", "[drill]", new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero), Ct);

        Assert.Equal("【演练】", await Provider.Exercise().MarkerAsync(Ct));
    }
}
