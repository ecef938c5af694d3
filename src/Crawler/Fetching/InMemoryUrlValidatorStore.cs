using System.Collections.Concurrent;
using SentimentWatch.Core.Fetching;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// Validators kept for the life of the process: the default until a durable store is registered
/// (<c>AddFetching</c> uses TryAdd, so a SQLite-backed <see cref="IUrlValidatorStore"/> registered first wins).
/// Bounded, so a crawl over many URLs cannot grow it without limit.
/// </summary>
internal sealed class InMemoryUrlValidatorStore(int capacity) : IUrlValidatorStore
{
    /// <summary>Far more than the list and recent-detail pages one deployment re-fetches; beyond it the oldest go.</summary>
    internal const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, UrlValidators> _byUrl = new(StringComparer.Ordinal);
    private int _count;

    public InMemoryUrlValidatorStore()
        : this(DefaultCapacity)
    {
    }

    public Task<UrlValidators?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_byUrl.TryGetValue(url.AbsoluteUri, out var v) ? v : null);
    }

    public Task SaveAsync(UrlValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        cancellationToken.ThrowIfCancellationRequested();
        var key = validators.Url.AbsoluteUri;
        if (_byUrl.TryAdd(key, validators))
        {
            // ConcurrentDictionary.Count takes every bucket lock, so the size is tracked here instead.
            if (Interlocked.Increment(ref _count) > capacity)
            {
                // Rare: drop the oldest tenth in one sweep rather than tracking order on every save.
                foreach (var old in _byUrl.Values.OrderBy(v => v.SeenAtUtc).Take(Math.Max(1, capacity / 10)).ToList())
                {
                    if (_byUrl.TryRemove(old.Url.AbsoluteUri, out _))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }
        }
        else
        {
            _byUrl[key] = validators;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        cancellationToken.ThrowIfCancellationRequested();
        if (_byUrl.TryRemove(url.AbsoluteUri, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Passing stored validators into a fetch.</summary>
public static class FetchRequestValidatorExtensions
{
    /// <summary>The request with If-None-Match / If-Modified-Since set from <paramref name="validators"/> (unchanged when null).</summary>
    public static FetchRequest WithValidators(this FetchRequest request, UrlValidators? validators)
    {
        ArgumentNullException.ThrowIfNull(request);
        return validators is null ? request : request with
        {
            ConditionalETag = validators.ETag,
            ConditionalLastModified = validators.LastModified,
        };
    }
}
