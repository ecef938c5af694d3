using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// Per-host politeness: at most <see cref="PolitenessOptions.MaxConcurrentPerHost"/> requests in flight, and request
/// starts spaced by at least the host's delay (the configured minimum, raised by robots.txt Crawl-delay and by a
/// server's Retry-After). With one request per host (the default) the delay also runs from the end of the previous
/// request, so a slow page never shortens the pause the site sees. Hosts are keyed by scheme, host and port.
/// </summary>
internal sealed class HostPoliteness(IOptions<FetchingOptions> options, TimeProvider time)
{
    private readonly PolitenessOptions _options = options.Value.Politeness;
    private readonly ConcurrentDictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => _options.Enabled;

    public static string Key(Uri url) => $"{url.Scheme}://{url.IdnHost}:{url.Port}";

    /// <summary>Waits for a slot and for the host's spacing; dispose the lease when the response body has been read.</summary>
    public async ValueTask<IDisposable> AcquireAsync(Uri url, TimeSpan? crawlDelay, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return NoLease.Instance;
        }

        var host = _hosts.GetOrAdd(Key(url), _ => new HostState(_options.MaxConcurrentPerHost));
        await host.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delay = _options.MinDelay;
            if (crawlDelay is { } cd)
            {
                delay = TimeSpan.FromTicks(Math.Max(delay.Ticks, Math.Min(cd.Ticks, _options.MaxCrawlDelay.Ticks)));
            }

            DateTimeOffset start;
            lock (host)
            {
                // Reserve this request's start time under the lock so concurrent callers queue behind each other.
                var now = time.GetUtcNow();
                start = host.LastStart is { } last ? Max(now, last + delay) : now;
                if (_options.MaxConcurrentPerHost == 1 && host.LastFinish is { } finished)
                {
                    start = Max(start, finished + delay);
                }

                start = Max(start, host.HeldUntil);
                host.LastStart = start;
            }

            // Timers may fire a tick early against the clock; loop so the spacing the host sees is never short.
            for (var wait = start - time.GetUtcNow(); wait > TimeSpan.Zero; wait = start - time.GetUtcNow())
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken).ConfigureAwait(false);
            }

            return new Lease(host, time);
        }
        catch
        {
            host.Slots.Release();
            throw;
        }
    }

    /// <summary>Holds a host back (a 429/503 whose Retry-After was longer than a fetch may wait).</summary>
    public void HoldBack(Uri url, DateTimeOffset until)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var host = _hosts.GetOrAdd(Key(url), _ => new HostState(_options.MaxConcurrentPerHost));
        lock (host)
        {
            host.HeldUntil = Max(host.HeldUntil, until);
        }
    }

    /// <summary>When the host asked to be left alone until a time still ahead, that time.</summary>
    public DateTimeOffset? HeldUntil(Uri url)
    {
        if (!_options.Enabled || !_hosts.TryGetValue(Key(url), out var host))
        {
            return null;
        }

        lock (host)
        {
            return host.HeldUntil > time.GetUtcNow() ? host.HeldUntil : null;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class HostState(int slots)
    {
        public SemaphoreSlim Slots { get; } = new(slots, slots);

        public DateTimeOffset? LastStart { get; set; }

        public DateTimeOffset? LastFinish { get; set; }

        public DateTimeOffset HeldUntil { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class Lease(HostState host, TimeProvider time) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lock (host)
                {
                    host.LastFinish = time.GetUtcNow();
                }

                host.Slots.Release();
            }
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static NoLease Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
