using System.Collections.Concurrent;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>What robots.txt says about one host right now.</summary>
/// <param name="UnreachableReason">Set when robots.txt could not be read (5xx, 429, network error, timeout).</param>
internal sealed record RobotsVerdict(RobotsTxt Rules, string? UnreachableReason, DateTimeOffset ExpiresAt);

/// <summary>
/// robots.txt per host (scheme, host, port), fetched once per cache period. One load per host at a time: concurrent
/// requests to a host wait for the first one's load instead of each fetching robots.txt.
/// </summary>
internal sealed class RobotsCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RobotsVerdict> _verdicts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _loading = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RobotsVerdict> GetAsync(Uri url, Func<Uri, CancellationToken, Task<RobotsVerdict>> load, CancellationToken cancellationToken)
    {
        var key = HostPoliteness.Key(url);
        if (_verdicts.TryGetValue(key, out var cached) && cached.ExpiresAt > time.GetUtcNow())
        {
            return cached;
        }

        var gate = _loading.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_verdicts.TryGetValue(key, out cached) && cached.ExpiresAt > time.GetUtcNow())
            {
                return cached;
            }

            var verdict = await load(url, cancellationToken).ConfigureAwait(false);
            _verdicts[key] = verdict;
            return verdict;
        }
        finally
        {
            gate.Release();
        }
    }
}
