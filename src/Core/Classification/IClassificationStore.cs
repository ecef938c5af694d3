namespace SentimentWatch.Core.Classification;

/// <summary>A stored classification of one version of a post.</summary>
public sealed record StoredClassification(long Sequence, long PostId, int PostVersion, DateTimeOffset AtUtc, ClassificationResult Result);

/// <summary>Classifications as the worker stores them; alerting follows this stream.</summary>
public interface IClassificationStore
{
    /// <summary>Stores the classification of a post version (idempotent per post id + version) and returns its sequence.</summary>
    Task<long> SaveAsync(long postId, int postVersion, DateTimeOffset atUtc, ClassificationResult result, CancellationToken cancellationToken);

    Task<StoredClassification?> GetLatestAsync(long postId, CancellationToken cancellationToken);

    /// <summary>Classifications after <paramref name="afterSequence"/>, in order (all labels, so downgrades are visible too).</summary>
    Task<IReadOnlyList<StoredClassification>> GetAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken);
}

/// <summary>A durable checkpoint per named follower ("classifier", "alerting", …) of a store stream.</summary>
public interface ICheckpointStore
{
    Task<long> GetAsync(string name, CancellationToken cancellationToken);

    Task SetAsync(string name, long value, CancellationToken cancellationToken);
}
