using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SentimentWatch.Core.Collection;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// Fetches one page politely and completely: robots.txt per host, per-host spacing and concurrency, retries with
/// backoff and Retry-After (in the HttpClient's resilience pipeline), manual redirects with every hop recorded,
/// conditional GET, a streamed body-size cap and charset detection. Every network fault comes back as
/// <see cref="FetchOutcome.Failed"/> with the URL and the reason; only the caller's cancellation throws.
/// </summary>
internal sealed class HttpPageFetcher : IPageFetcher
{
    public const string ClientName = "SentimentWatch.Fetching";

    private const string Redacted = "[redacted]";
    private const int MaxRobotsRedirects = 5;

    private readonly IHttpClientFactory _clients;
    private readonly FetchingOptions _options;
    private readonly HostPoliteness _politeness;
    private readonly RobotsCache _robots;
    private readonly SourceRequestHeaders _sourceHeaders;
    private readonly Microsoft.Extensions.Configuration.IConfiguration _configuration;
    private readonly RemoteAddressTracker _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpPageFetcher> _logger;
    private readonly ConcurrentDictionary<(string Source, string Host), DateTimeOffset> _robotsIgnoredLogged = new();

    public HttpPageFetcher(
        IHttpClientFactory clients,
        IOptions<FetchingOptions> options,
        HostPoliteness politeness,
        RobotsCache robots,
        SourceRequestHeaders sourceHeaders,
        Microsoft.Extensions.Configuration.IConfiguration configuration,
        RemoteAddressTracker addresses,
        TimeProvider time,
        ILogger<HttpPageFetcher> logger)
    {
        _clients = clients;
        _options = options.Value;
        _politeness = politeness;
        _robots = robots;
        _sourceHeaders = sourceHeaders;
        _configuration = configuration;
        _addresses = addresses;
        _time = time;
        _logger = logger;
        var version = typeof(HttpPageFetcher).Assembly.GetName().Version ?? new Version(1, 0);
        UserAgent = $"Mozilla/5.0 (compatible; {_options.UserAgentProduct}/{version.Major}.{version.Minor}; +{_options.ContactUrl})";
        if (!_politeness.Enabled)
        {
            FetchLog.PolitenessOff(logger);
        }
    }

    /// <summary>The User-Agent sent with every request, e.g. <c>Mozilla/5.0 (compatible; SentimentWatch/1.0; +https://…)</c>.</summary>
    public string UserAgent { get; }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Url.IsAbsoluteUri || (request.Url.Scheme != Uri.UriSchemeHttp && request.Url.Scheme != Uri.UriSchemeHttps))
        {
            return Failed(request, request.Url, SourceFailureKind.Other, $"'{request.Url}' is not an absolute http(s) URL", null);
        }

        // Request headers may carry the same env:/secret: references as configured ones (the runner passes a source's
        // merged profile + source headers); they are resolved here, and a bad one fails this page, never sends garbage.
        var requestHeaders = new List<ResolvedHeader>();
        foreach (var (name, raw) in request.Headers ?? new Dictionary<string, string>())
        {
            if (!HeaderValue.IsValidName(name))
            {
                return Failed(request, request.Url, SourceFailureKind.Other, $"request header name '{name}' is not a valid HTTP token", null);
            }

            if (!HeaderValue.TryResolve(raw, _configuration, out var value, out var secret, out var problem))
            {
                return Failed(request, request.Url, SourceFailureKind.Other, $"request header '{name}' {problem}", null);
            }

            requestHeaders.Add(new ResolvedHeader(name, value, secret));
        }

        // The deadline runs only while talking to the server: waiting in a host's politeness queue is not its fault.
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var progress = new Progress(request.Url, deadline, _options.Timeout);
        try
        {
            return await FetchCoreAsync(request, requestHeaders, progress, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // The deadline (or HttpClient's own cancellation of a dead connection): the server did not finish in time.
            return Failed(request, progress.Current, SourceFailureKind.Timeout,
                $"no complete answer within {_options.Timeout} (Crawler:Fetching:Timeout){progress.Stage}", null);
        }
        catch (TimeoutRejectedException)
        {
            return Failed(request, progress.Current, SourceFailureKind.Timeout,
                $"no response headers within {_options.AttemptTimeout} (Crawler:Fetching:AttemptTimeout), {_options.Retry.MaxRetries} retries exhausted{progress.Stage}", null);
        }
        catch (HttpRequestException ex)
        {
            return Failed(request, progress.Current, SourceFailureKind.Network, $"{Describe(ex)}{progress.Stage}", null);
        }
        catch (IOException ex)
        {
            // Connection reset or closed mid-body (a server dying half-way through a page).
            return Failed(request, progress.Current, SourceFailureKind.Network, $"connection broke: {ex.Message}{progress.Stage}", null);
        }
        catch (InvalidDataException ex)
        {
            // A gzip/deflate/brotli body that does not decompress: the server sent garbage, not a page.
            return Failed(request, progress.Current, SourceFailureKind.NotParseable, $"corrupt compressed body: {ex.Message}{progress.Stage}", null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else a hostile or broken server can provoke still ends as this page's failure, with the reason,
            // so one source's oddity never takes the crawl down.
            return Failed(request, progress.Current, SourceFailureKind.Other, $"{ex.GetType().Name}: {ex.Message}{progress.Stage}", null);
        }
    }

    private async Task<FetchResult> FetchCoreAsync(FetchRequest request, List<ResolvedHeader> requestHeaders, Progress progress, CancellationToken cancellationToken)
    {
        // Fetch time and elapsed time start when the first request goes out, not while waiting for robots.txt or politeness.
        long started = 0;
        var fetchedAt = DateTimeOffset.MinValue;
        var client = _clients.CreateClient(ClientName);
        var (headers, recorded) = BuildHeaders(request, requestHeaders);
        var hops = new List<Uri>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { request.Url.AbsoluteUri };
        var current = request.Url;

        while (true)
        {
            progress.Current = current;
            TimeSpan? crawlDelay = null;
            if (request.RespectRobotsTxt)
            {
                progress.Stage = " (reading robots.txt)";
                var verdict = await _robots.GetAsync(current, (url, ct) => LoadRobotsAsync(url, request.SourceId, progress, ct), cancellationToken).ConfigureAwait(false);
                if (verdict.UnreachableReason is { } unreachable && _options.Robots.WhenUnreachable == RobotsUnreachablePolicy.Disallow)
                {
                    return Failed(request, current, SourceFailureKind.RobotsDisallowed,
                        $"robots.txt of {current.Authority} is unreachable ({unreachable}); the host is treated as disallowed until {verdict.ExpiresAt:u} (Crawler:Fetching:Robots:WhenUnreachable)", null);
                }

                if (!verdict.Rules.IsAllowed(current))
                {
                    return Failed(request, current, SourceFailureKind.RobotsDisallowed,
                        $"robots.txt of {current.Authority} disallows {current.PathAndQuery} for {_options.UserAgentProduct} ({verdict.Rules.DecidingRule(current)}); set RespectRobotsTxt=false on the source only with the site owner's consent", null);
                }

                crawlDelay = verdict.Rules.CrawlDelay;
            }
            else
            {
                LogRobotsIgnored(request.SourceId, current);
            }

            if (_politeness.HeldUntil(current) is { } heldUntil && heldUntil - _time.GetUtcNow() > _options.Retry.MaxRetryAfter)
            {
                return Failed(request, current, SourceFailureKind.HttpStatus,
                    $"rate limited: {current.Authority} asked (Retry-After) to be left alone until {heldUntil:u}", null);
            }

            progress.Stage = " (waiting for the host's politeness slot)";
            progress.PauseDeadline();
            using var lease = await _politeness.AcquireAsync(current, crawlDelay, cancellationToken).ConfigureAwait(false);
            progress.RunDeadline();
            if (started == 0)
            {
                started = _time.GetTimestamp();
                fetchedAt = _time.GetUtcNow();
            }

            using var message = new HttpRequestMessage(HttpMethod.Get, current);
            message.Options.Set(RemoteAddressTracker.SourceKey, request.SourceId);
            foreach (var (name, value) in headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            progress.Stage = " (waiting for response headers)";
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;

            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var exchange = Exchange(request, current, hops, status, recorded, response, [], fetchedAt, started);
                if (response.Headers.Location is not { } location)
                {
                    return Failed(request, current, SourceFailureKind.HttpStatus, $"HTTP {status} redirect without a Location header", exchange);
                }

                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                {
                    return Failed(request, current, SourceFailureKind.Other, $"HTTP {status} redirect to non-http(s) URL {next}", exchange);
                }

                hops.Add(next);
                if (!visited.Add(next.AbsoluteUri))
                {
                    return Failed(request, current, SourceFailureKind.TooManyRedirects,
                        $"redirect loop: {string.Join(" → ", hops.Prepend(request.Url))}", exchange);
                }

                if (hops.Count > _options.MaxRedirects)
                {
                    return Failed(request, current, SourceFailureKind.TooManyRedirects,
                        $"more than {_options.MaxRedirects} redirects (Crawler:Fetching:MaxRedirects): {string.Join(" → ", hops.Prepend(request.Url))}", exchange);
                }

                current = next;
                continue;
            }

            progress.Stage = " (reading the body)";
            var (body, exceeded) = await ReadBodyAsync(response, _options.MaxBodyBytes, truncate: false, cancellationToken).ConfigureAwait(false);
            lease.Dispose();
            if (exceeded)
            {
                // The body is not kept: a partial page would be mistaken for the whole one.
                return Failed(request, current, SourceFailureKind.TooLarge,
                    $"body larger than {_options.MaxBodyBytes} bytes (Crawler:Fetching:MaxBodyBytes){ContentLengthNote(response)}; not read further",
                    Exchange(request, current, hops, status, recorded, response, [], fetchedAt, started));
            }

            var final = Exchange(request, current, hops, status, recorded, response, body, fetchedAt, started);
            switch (status)
            {
                case 304:
                    FetchLog.Fetched(_logger, request.SourceId, current, status, (long)final.Elapsed.TotalMilliseconds, body.Length, "-");
                    return new FetchResult(FetchOutcome.NotModified, final, null, null, null);
                case 404 or 410:
                case >= 200 and < 300:
                    var decoded = CharsetDetector.Decode(body, response.Content.Headers.ContentType?.CharSet);
                    if (decoded.Source.Contains('(', StringComparison.Ordinal))
                    {
                        FetchLog.CharsetOverruled(_logger, current, decoded.Encoding.WebName, decoded.Source);
                    }

                    FetchLog.Fetched(_logger, request.SourceId, current, status, (long)final.Elapsed.TotalMilliseconds, body.Length, decoded.Encoding.WebName);
                    return new FetchResult(status is 404 or 410 ? FetchOutcome.Gone : FetchOutcome.Ok, final, decoded.Text, decoded.Encoding, null)
                    {
                        EncodingSource = decoded.Source,
                    };
                default:
                    return Failed(request, current, SourceFailureKind.HttpStatus, StatusReason(response, current), final);
            }
        }
    }

    private string StatusReason(HttpResponseMessage response, Uri url)
    {
        var status = (int)response.StatusCode;
        var reason = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        var retries = _options.Retry.MaxRetries;
        if (RetryPolicy.RetryAfter(response, _time) is { } wait)
        {
            // Keep away from the host for as long as it asked, even across runs of other sources.
            _politeness.HoldBack(url, _time.GetUtcNow() + wait);
            return wait > _options.Retry.MaxRetryAfter
                ? $"{reason}; Retry-After {wait.TotalSeconds:0}s is longer than Crawler:Fetching:Retry:MaxRetryAfter ({_options.Retry.MaxRetryAfter.TotalSeconds:0}s), not retried"
                : $"{reason} after {retries} retries honouring Retry-After {wait.TotalSeconds:0}s";
        }

        return RetryPolicy.IsTransientStatus(status) && retries > 0 ? $"{reason} after {retries} retries" : reason;
    }

    private async Task<RobotsVerdict> LoadRobotsAsync(Uri pageUrl, string sourceId, Progress progress, CancellationToken cancellationToken)
    {
        var robotsUrl = new Uri(new Uri(pageUrl.GetLeftPart(UriPartial.Authority)), "/robots.txt");
        var now = _time.GetUtcNow();
        var host = pageUrl.Authority;
        try
        {
            var client = _clients.CreateClient(ClientName);
            var current = robotsUrl;
            for (var hop = 0; ; hop++)
            {
                progress.PauseDeadline();
                using var lease = await _politeness.AcquireAsync(current, null, cancellationToken).ConfigureAwait(false);
                progress.RunDeadline();
                using var message = new HttpRequestMessage(HttpMethod.Get, current);
                message.Options.Set(RemoteAddressTracker.SourceKey, sourceId);
                message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                message.Headers.TryAddWithoutValidation("Accept", "text/plain,*/*;q=0.5");
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location && hop < MaxRobotsRedirects)
                {
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }

                if (status is >= 200 and < 300)
                {
                    var (body, _) = await ReadBodyAsync(response, _options.Robots.MaxBytes, truncate: true, cancellationToken).ConfigureAwait(false);
                    var rules = RobotsTxt.Parse(Encoding.UTF8.GetString(body), _options.UserAgentProduct);
                    LogRobots(host, $"HTTP {status}", rules);
                    return new RobotsVerdict(rules, null, now + _options.Robots.CacheDuration);
                }

                if (status is >= 400 and < 500 && status != 429)
                {
                    // RFC 9309 §2.3.1.3: an unavailable robots.txt (4xx) means no restrictions.
                    LogRobots(host, $"HTTP {status}, no restrictions", RobotsTxt.AllowAll);
                    return new RobotsVerdict(RobotsTxt.AllowAll, null, now + _options.Robots.CacheDuration);
                }

                return Unreachable(host, status is >= 300 and < 400 ? $"more than {MaxRobotsRedirects} redirects" : $"HTTP {status}", now);
            }
        }
        catch (HttpRequestException ex) when (SentimentWatch.Core.Net.OutboundGuard.RefusalIn(ex) is null)
        {
            // A refusal by the outbound policy is not cached as "unreachable": robots.txt is shared by every source on
            // the host and another source may be allowed; it propagates and fails this source's page with the rule.
            return Unreachable(host, Describe(ex), now);
        }
        catch (TimeoutRejectedException)
        {
            return Unreachable(host, $"no answer within {_options.AttemptTimeout}", now);
        }
        catch (IOException ex)
        {
            return Unreachable(host, ex.Message, now);
        }
    }

    private RobotsVerdict Unreachable(string host, string reason, DateTimeOffset now)
    {
        var retryAt = now + _options.Robots.UnreachableRetryAfter;
        FetchLog.RobotsUnreachable(_logger, host, reason, _options.Robots.WhenUnreachable.ToString(), retryAt);
        return new RobotsVerdict(RobotsTxt.AllowAll, reason, retryAt);
    }

    private void LogRobots(string host, string status, RobotsTxt rules)
    {
        FetchLog.RobotsLoaded(_logger, host, status, rules.RuleCount, rules.CrawlDelay?.ToString() ?? "none");
        if (rules.CrawlDelay > _options.Politeness.MaxCrawlDelay)
        {
            FetchLog.CrawlDelayCapped(_logger, host, rules.CrawlDelay.Value, _options.Politeness.MaxCrawlDelay);
        }
    }

    private void LogRobotsIgnored(string sourceId, Uri url)
    {
        // Once per source and host per robots cache period: visible in every day's log without flooding it.
        var key = (sourceId, HostPoliteness.Key(url));
        var now = _time.GetUtcNow();
        if (!_robotsIgnoredLogged.TryGetValue(key, out var last) || now - last >= _options.Robots.CacheDuration)
        {
            _robotsIgnoredLogged[key] = now;
            FetchLog.RobotsIgnored(_logger, sourceId, url.Authority);
        }
    }

    /// <summary>Headers to send, and the same list as recorded in the exchange (secret values redacted).</summary>
    private (List<(string Name, string Value)> Send, List<KeyValuePair<string, string>> Recorded) BuildHeaders(FetchRequest request, List<ResolvedHeader> requestHeaders)
    {
        var send = new List<(string, string, bool)>
        {
            ("User-Agent", UserAgent, false),
            ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8", false),
            ("Accept-Language", "zh-CN,zh;q=0.9,zh-TW;q=0.8,en;q=0.5", false),
        };

        foreach (var h in _sourceHeaders.For(request.SourceId))
        {
            Set(send, h.Name, h.Value, h.IsSecret);
        }

        foreach (var h in requestHeaders)
        {
            Set(send, h.Name, h.Value, h.IsSecret);
        }

        if (!string.IsNullOrEmpty(request.ConditionalETag))
        {
            Set(send, "If-None-Match", request.ConditionalETag, false);
        }

        if (!string.IsNullOrEmpty(request.ConditionalLastModified))
        {
            Set(send, "If-Modified-Since", request.ConditionalLastModified, false);
        }

        return (send.Select(h => (h.Item1, h.Item2)).ToList(),
                send.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item3 || HeaderValue.IsSensitiveName(h.Item1) ? Redacted : h.Item2)).ToList());

        static void Set(List<(string, string, bool)> headers, string name, string value, bool secret)
        {
            headers.RemoveAll(h => string.Equals(h.Item1, name, StringComparison.OrdinalIgnoreCase));
            headers.Add((name, value, secret));
        }
    }

    private HttpExchange Exchange(FetchRequest request, Uri final, List<Uri> hops, int status, List<KeyValuePair<string, string>> recorded,
        HttpResponseMessage response, byte[] body, DateTimeOffset fetchedAt, long started)
    {
        // A logged-in request's answer may renew the session: its Set-Cookie is the same credential as the Cookie sent.
        var sentSecret = recorded.Any(h => h.Value == Redacted);
        var headers = response.Headers.Concat(response.Content.Headers)
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key,
                sentSecret && string.Equals(h.Key, "Set-Cookie", StringComparison.OrdinalIgnoreCase) ? Redacted : v)))
            .ToList();
        return new HttpExchange(request.Url, final, hops.ToList(), "GET", status, recorded, headers, body, fetchedAt,
            _time.GetElapsedTime(started), _addresses.For(final));
    }

    /// <summary>Streams the body, stopping as soon as it passes <paramref name="limit"/> (never buffering a huge page).</summary>
    private static async Task<(byte[] Body, bool Exceeded)> ReadBodyAsync(HttpResponseMessage response, long limit, bool truncate, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > limit && !truncate)
        {
            return ([], true);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer.ToArray(), false);
                }

                if (buffer.Length + read > limit)
                {
                    if (truncate)
                    {
                        buffer.Write(chunk, 0, (int)(limit - buffer.Length));
                        return (buffer.ToArray(), true);
                    }

                    return ([], true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }

    private static string ContentLengthNote(HttpResponseMessage response) =>
        response.Content.Headers.ContentLength is { } length ? string.Create(CultureInfo.InvariantCulture, $" (Content-Length {length})") : "";

    private static string Describe(HttpRequestException ex) =>
        ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";

    private FetchResult Failed(FetchRequest request, Uri? url, SourceFailureKind kind, string reason, HttpExchange? exchange)
    {
        FetchLog.FetchFailed(_logger, request.SourceId, url, kind.ToString(), reason);
        return new FetchResult(FetchOutcome.Failed, exchange, null, null, new SourceFailure(url, kind, reason));
    }

    /// <summary>Where a fetch had got to, for the failure message when an exception ends it.</summary>
    private sealed class Progress(Uri start, CancellationTokenSource deadline, TimeSpan timeout)
    {
        /// <summary>Stops the deadline while waiting for a politeness slot.</summary>
        public void PauseDeadline() => deadline.CancelAfter(Timeout.InfiniteTimeSpan);

        /// <summary>(Re)starts the deadline for the exchange about to begin.</summary>
        public void RunDeadline() => deadline.CancelAfter(timeout);

        public Uri Current { get; set; } = start;

        public string Stage { get; set; } = "";
    }
}

/// <summary>Which outcomes the resilience pipeline retries, and how long a Retry-After asks to wait.</summary>
internal static class RetryPolicy
{
    public static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(25);

    public static bool IsTransientStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    public static bool ShouldRetry(HttpResponseMessage? response, Exception? exception, FetchingOptions options, TimeProvider time)
    {
        if (exception is not null)
        {
            // A refusal by the outbound policy is a decision, not a fault: asking again gets the same answer.
            return exception is HttpRequestException or TimeoutRejectedException && SentimentWatch.Core.Net.OutboundGuard.RefusalIn(exception) is null;
        }

        if (response is null || !IsTransientStatus((int)response.StatusCode))
        {
            return false;
        }

        // A server asking for a longer pause than we may wait is not retried: the page fails, naming the wait.
        return RetryAfter(response, time) is not { } wait || wait <= options.Retry.MaxRetryAfter;
    }

    /// <summary>Retry-After as a delay (seconds or an HTTP date), or null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        if (response?.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
