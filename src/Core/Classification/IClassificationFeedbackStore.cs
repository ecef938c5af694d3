namespace SentimentWatch.Core.Classification;

/// <summary>What a commentator decided about a classified post.</summary>
public static class FeedbackDecisions
{
    /// <summary>The predicted label was right.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The post is not harmful: it trains as <c>normal</c>.</summary>
    public const string FalsePositive = "false_positive";

    /// <summary>Harmful, but of another label than predicted.</summary>
    public const string Relabelled = "relabelled";

    public static IReadOnlyList<string> All { get; } = [Confirmed, FalsePositive, Relabelled];
}

/// <summary>
/// A commentator's decision on a classified post, kept as a training example for <c>sw train --include-feedback</c>.
/// </summary>
/// <param name="Text">The post text as it was classified (kept here so retraining does not depend on the post still existing).</param>
/// <param name="Label">The correct label (<c>normal</c> for a false positive).</param>
/// <param name="Decision">One of <see cref="FeedbackDecisions"/>.</param>
/// <param name="PredictedLabel">What the classifier had said.</param>
/// <param name="PublishedAtUtc">
/// When the post was published, else first seen: the time the classifier placed it at against the exam sittings, so a
/// decision trains the timing features too. Null when unknown.
/// </param>
public sealed record ClassificationFeedback(
    long PostId,
    int PostVersion,
    string Text,
    string Label,
    string Decision,
    string? PredictedLabel,
    string? Reviewer,
    string? Note,
    DateTimeOffset AtUtc,
    DateTimeOffset? PublishedAtUtc = null);

/// <summary>A stored decision with its id.</summary>
public sealed record StoredFeedback(long Id, ClassificationFeedback Feedback);

/// <summary>Commentators' decisions on classifications (the feedback loop).</summary>
public interface IClassificationFeedbackStore
{
    /// <summary>Records a decision; a later decision on the same post version replaces the earlier one. Returns its id.</summary>
    Task<long> SaveAsync(ClassificationFeedback feedback, CancellationToken cancellationToken);

    /// <summary>Every current decision (one per post version), oldest first.</summary>
    Task<IReadOnlyList<StoredFeedback>> GetAllAsync(CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}
