namespace SentimentWatch.Crawler.Fetching;

/// <summary>How pages are fetched (section <c>Crawler:Fetching</c>). Every key has a working default.</summary>
public sealed class FetchingOptions
{
    public const string Section = "Crawler:Fetching";

    /// <summary>Product token in the User-Agent and the name matched against robots.txt groups. Default <c>SentimentWatch</c>.</summary>
    public string UserAgentProduct { get; set; } = "SentimentWatch";

    /// <summary>
    /// Page describing the crawler and how to reach its operator, sent in the User-Agent so site owners can
    /// complain to a person instead of blocking blindly. Set it to your own page; the default is a placeholder.
    /// </summary>
    public string ContactUrl { get; set; } = "https://sentimentwatch.invalid/crawler";

    /// <summary>
    /// Deadline for each exchange of a page (robots.txt, each redirect hop), covering every retry and reading the body.
    /// Time spent waiting for the host's politeness slot does not count. Default 60 s.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline for one HTTP attempt until its headers arrive; a hung attempt is retried. Default 15 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest body read (after decompression); a larger page fails as TooLarge. Default 10 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Redirect hops followed per page; one more (or a loop) fails as TooManyRedirects. Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;

    public FetchRetryOptions Retry { get; set; } = new();

    public PolitenessOptions Politeness { get; set; } = new();

    public RobotsOptions Robots { get; set; } = new();
}

/// <summary>Retries of transient failures (network errors, timeouts, 408, 429, 5xx) — <c>Crawler:Fetching:Retry</c>.</summary>
public sealed class FetchRetryOptions
{
    /// <summary>Retries after the first attempt (0 = none). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; doubles per retry, with jitter. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest computed backoff delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest Retry-After (429/503) waited for inside one fetch. A server asking for longer is not retried: the page
    /// fails with the wait it asked for, and the host is held back for that long. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Per-host politeness — <c>Crawler:Fetching:Politeness</c>.</summary>
public sealed class PolitenessOptions
{
    /// <summary>Off only for benchmarks against the local drill sites. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minimum time between the starts of two requests to one host (raised by robots.txt Crawl-delay). Default 2 s.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests in flight to one host at a time. Default 1.</summary>
    public int MaxConcurrentPerHost { get; set; } = 1;

    /// <summary>Largest robots.txt Crawl-delay obeyed; a larger one is capped (and logged). Default 60 s.</summary>
    public TimeSpan MaxCrawlDelay { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>What to do when a host's robots.txt cannot be read (5xx, network error, timeout).</summary>
public enum RobotsUnreachablePolicy
{
    /// <summary>Treat the whole host as disallowed (RFC 9309 §2.3.1.4); pages fail as RobotsDisallowed, naming the cause.</summary>
    Disallow,
    /// <summary>Crawl as if there were no robots.txt.</summary>
    Allow,
}

/// <summary>robots.txt handling — <c>Crawler:Fetching:Robots</c>.</summary>
public sealed class RobotsOptions
{
    /// <summary>How long a fetched robots.txt is used before it is fetched again. Default 24 h (the RFC 9309 ceiling).</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Policy while robots.txt is unreachable. Default <see cref="RobotsUnreachablePolicy.Disallow"/>.</summary>
    public RobotsUnreachablePolicy WhenUnreachable { get; set; } = RobotsUnreachablePolicy.Disallow;

    /// <summary>How long an unreachable verdict is cached before robots.txt is tried again. Default 10 min.</summary>
    public TimeSpan UnreachableRetryAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bytes of robots.txt parsed; the rest is ignored (RFC 9309 asks for at least 500 KiB). Default 512 KiB.</summary>
    public int MaxBytes { get; set; } = 512 * 1024;
}
