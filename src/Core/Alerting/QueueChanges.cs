namespace SentimentWatch.Core.Alerting;

/// <summary>
/// What changed in the alert queue's inputs after a position: alerts raised or changed, and incidents that changed
/// (their record, posts, evidence or console work). <paramref name="More"/> means the batch was cut at its limit;
/// <paramref name="Gap"/> that changes after the position were already pruned, so a reader must read everything again.
/// </summary>
public sealed record QueueChangeBatch(long Position, IReadOnlyCollection<long> AlertIds, IReadOnlyCollection<long> IncidentIds, bool More, bool Gap);

/// <summary>
/// A durable feed of the changes that can alter a row of the duty console's queue, so an open queue updates by
/// reading what changed since its last read instead of reading the whole queue again on every poll.
/// </summary>
public interface IQueueChanges
{
    /// <summary>The newest position: a reader that reads everything now starts following from here.</summary>
    Task<long> PositionAsync(CancellationToken cancellationToken);

    /// <summary>The changes after <paramref name="after"/>, at most <paramref name="limit"/> of them.</summary>
    Task<QueueChangeBatch> ReadSinceAsync(long after, int limit, CancellationToken cancellationToken);
}
