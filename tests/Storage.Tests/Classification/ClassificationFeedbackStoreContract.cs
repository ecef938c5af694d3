using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Classification;

/// <summary>The <see cref="IClassificationFeedbackStore"/> contract on every provider.</summary>
public abstract class ClassificationFeedbackStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 19, 1, 0, 0, TimeSpan.Zero);

    private Core.Classification.IClassificationFeedbackStore Store() => Provider.Feedback();

    [Fact]
    public async Task SaveAsync_LaterDecisionOnSameVersion_ReplacesEarlier()
    {
        var store = Store();
        await store.SaveAsync(new ClassificationFeedback(7, 1, "卖答案", Labels.AnswerSelling, FeedbackDecisions.Confirmed, Labels.AnswerSelling, "duty-1", null, T0), CancellationToken.None);
        await store.SaveAsync(new ClassificationFeedback(7, 1, "卖答案", Labels.Normal, FeedbackDecisions.FalsePositive, Labels.AnswerSelling, "duty-2", "police notice", T0.AddHours(1)), CancellationToken.None);
        await store.SaveAsync(new ClassificationFeedback(8, 1, "改分", Labels.Fraud, FeedbackDecisions.Relabelled, Labels.Rumour, "duty-1", null, T0), CancellationToken.None);

        var all = await store.GetAllAsync(CancellationToken.None);

        Assert.Equal(2, all.Count);
        Assert.Equal(2, await store.CountAsync(CancellationToken.None));
        var first = all.Single(f => f.Feedback.PostId == 7).Feedback;
        Assert.Equal((Labels.Normal, FeedbackDecisions.FalsePositive, "duty-2", "police notice"), (first.Label, first.Decision, first.Reviewer, first.Note));
        Assert.Equal(T0.AddHours(1), first.AtUtc);
    }

    [Fact]
    public async Task SaveAsync_PublishedTime_RoundTripsAndIsNullWhenUnknown()
    {
        var store = Store();
        var published = new DateTimeOffset(2026, 9, 19, 10, 5, 0, TimeSpan.FromHours(8));
        await store.SaveAsync(new ClassificationFeedback(7, 1, "卷一第8题选B吗", Labels.Leak, FeedbackDecisions.Confirmed, Labels.Leak, "duty-1", null, T0, published), CancellationToken.None);
        await store.SaveAsync(new ClassificationFeedback(8, 1, "改分", Labels.Fraud, FeedbackDecisions.Relabelled, Labels.Rumour, "duty-1", null, T0), CancellationToken.None);

        var all = (await store.GetAllAsync(CancellationToken.None)).ToDictionary(f => f.Feedback.PostId, f => f.Feedback.PublishedAtUtc);

        Assert.Equal(published, all[7]);
        Assert.Null(all[8]);
    }

    [Theory]
    [InlineData("spam", FeedbackDecisions.Confirmed)]
    [InlineData(Labels.Leak, "maybe")]
    [InlineData(Labels.Leak, FeedbackDecisions.FalsePositive)]
    public async Task SaveAsync_InvalidLabelOrDecision_RejectedAndNothingStored(string label, string decision)
    {
        var store = Store();

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new ClassificationFeedback(7, 1, "x", label, decision, null, null, null, T0), CancellationToken.None));

        Assert.Equal(0, await store.CountAsync(CancellationToken.None));
    }
}
