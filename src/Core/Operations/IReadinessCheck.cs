namespace SentimentWatch.Core.Operations;

/// <summary>What one readiness check found: ready or not, a sentence for the operator, and for an index how many posts it is behind.</summary>
public sealed record ReadinessResult(string Name, bool Ready, string Detail, long? Behind = null);

/// <summary>
/// One thing a node needs to do its work (the store, the scheduler, the search index), checked on every
/// <c>/readyz</c>. Each stage registers its own; the console's host asks them all.
/// </summary>
public interface IReadinessCheck
{
    string Name { get; }

    Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}
