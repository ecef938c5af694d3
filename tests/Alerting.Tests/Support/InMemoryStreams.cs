using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>Hand-written in-memory classification stream (the SQLite one belongs to the classifier stage).</summary>
internal sealed class InMemoryClassificationStore : IClassificationStore
{
    private readonly List<StoredClassification> _items = [];
    private readonly Lock _gate = new();

    public Task<long> SaveAsync(long postId, int postVersion, DateTimeOffset atUtc, ClassificationResult result, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = _items.FirstOrDefault(c => c.PostId == postId && c.PostVersion == postVersion);
            if (existing is not null)
            {
                return Task.FromResult(existing.Sequence);
            }

            var seq = _items.Count + 1L;
            _items.Add(new StoredClassification(seq, postId, postVersion, atUtc, result));
            return Task.FromResult(seq);
        }
    }

    public Task<StoredClassification?> GetLatestAsync(long postId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.LastOrDefault(c => c.PostId == postId));
        }
    }

    public Task<IReadOnlyList<StoredClassification>> GetAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredClassification>>(_items.Where(c => c.Sequence > afterSequence).Take(limit).ToList());
        }
    }
}

/// <summary>Hand-written in-memory checkpoints.</summary>
internal sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);

    public Task<long> GetAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_values.GetValueOrDefault(name));

    public Task SetAsync(string name, long value, CancellationToken cancellationToken)
    {
        _values[name] = value;
        return Task.CompletedTask;
    }
}
